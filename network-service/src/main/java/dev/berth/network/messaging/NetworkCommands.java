package dev.berth.network.messaging;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.contracts.NetworkTopics;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.NetworkCommand;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;

/** Writes the node's network commands to the outbox on the caller's transaction, keyed by node. */
@ApplicationScoped
public class NetworkCommands {
    static final String PROJECT = "default";

    @Inject
    OutboxStore outbox;
    @ConfigProperty(name = "berth.node", defaultValue = "local")
    String node;
    @ConfigProperty(name = "berth.network.commands-topic", defaultValue = NetworkTopics.NETWORK_COMMANDS)
    String topic;

    public OutboxRow ensure(Connection c, String name, java.util.Map<String, String> config) throws SQLException {
        return add(c, new NetworkCommand.EnsureNetwork(node, name, config));
    }

    public OutboxRow delete(Connection c, String name) throws SQLException {
        return add(c, new NetworkCommand.DeleteNetwork(node, name));
    }

    private OutboxRow add(Connection c, NetworkCommand command) throws SQLException {
        Envelope e = Envelope.root(null, PROJECT).stamp("network.published");
        return outbox.add(c, topic, command.node(), new Message<>(e, command).toJson(), null);
    }
}
