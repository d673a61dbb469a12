package dev.berth.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.NetworkCommand;
import dev.berth.executor.network.NodeNetworks;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes network-service's commands for this node one at a time: builds, repairs or removes a managed network
 * (bridge, nftables tables, dnsmasq). Both commands converge, so a redelivery is harmless.
 */
@ApplicationScoped
public class NetworkCommandConsumer {
    private static final Logger LOG = Logger.getLogger(NetworkCommandConsumer.class);

    @Inject
    NodeNetworks networks;

    @ConfigProperty(name = "berth.node", defaultValue = "local")
    String node;

    @Incoming("network-commands")
    @Blocking(ordered = true)
    public void consume(String json) {
        Message<NetworkCommand> message;
        try {
            message = Message.parse(json, NetworkCommand.MESSAGE);
        } catch (IllegalArgumentException e) {
            LOG.errorf("skipping a malformed network command: %s", e.getMessage());
            return;
        }
        NetworkCommand command = message.payload();
        if (!node.equals(command.node())) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            if (command instanceof NetworkCommand.EnsureNetwork ensure) {
                networks.ensure(ensure.name(), ensure.config());
            } else if (command instanceof NetworkCommand.DeleteNetwork delete) {
                networks.delete(delete.name());
            }
            LOG.infof("network %s: %s done in %.1f ms", command.name(), command.getClass().getSimpleName(),
                    (System.nanoTime() - t0) / 1e6);
        } catch (RuntimeException e) {
            // Keep the stream alive: a network that cannot be built must not stop the next commands.
            LOG.errorf("network %s: %s failed: %s", command.name(), command.getClass().getSimpleName(),
                    e.getMessage());
        }
    }
}
