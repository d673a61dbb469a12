package dev.berth.contracts;

/** Kafka topic names of the networks feature; to be folded into {@link Topics} by the lead. */
public final class NetworkTopics {
    /** Network-service to host-executors: bridge, firewall and DHCP work per network, keyed by node name. */
    public static final String NETWORK_COMMANDS = "berth.network.commands.v1";

    private NetworkTopics() {
    }
}
