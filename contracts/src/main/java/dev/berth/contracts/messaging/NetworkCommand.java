package dev.berth.contracts.messaging;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Commands from network-service to the host-executor of one node, on {@code NetworkTopics.NETWORK_COMMANDS} keyed
 * by node; each is idempotent on the host, so a redelivery or a half-done earlier attempt converges.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(NetworkCommand.EnsureNetwork.class),
        @JsonSubTypes.Type(NetworkCommand.DeleteNetwork.class)})
public sealed interface NetworkCommand {
    TypeReference<Message<NetworkCommand>> MESSAGE = new TypeReference<>() {
    };

    /** The node that must act; other nodes ignore the command. */
    String node();

    /** The network, which is also the name of its bridge. */
    String name();

    /**
     * Make the network's bridge, firewall table and DHCP/DNS server match {@code config} (the stored config: an
     * {@code auto} subnet is already resolved to a CIDR), creating what is missing.
     */
    record EnsureNetwork(String node, String name, Map<String, String> config) implements NetworkCommand {
    }

    /** Remove the network's bridge, firewall table and DHCP/DNS server; nothing left is fine. */
    record DeleteNetwork(String node, String name) implements NetworkCommand {
    }
}
