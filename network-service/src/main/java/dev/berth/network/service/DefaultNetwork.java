package dev.berth.network.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.network.messaging.OutboxPublisher;
import io.quarkus.runtime.StartupEvent;

/** Makes the default network on the first start (see {@link NetworkService#ensureDefault()}). */
@ApplicationScoped
public class DefaultNetwork {
    private static final Logger LOG = Logger.getLogger(DefaultNetwork.class);

    @Inject
    NetworkService networks;
    @Inject
    OutboxPublisher publisher;
    @ConfigProperty(name = "berth.network.default.create", defaultValue = "true")
    boolean create;

    void onStart(@Observes StartupEvent ev) {
        if (!create) {
            return;
        }
        try {
            var rows = networks.ensureDefault();
            if (!rows.isEmpty()) {
                LOG.infof("created the default network %s", NetworkService.DEFAULT_NETWORK);
            }
            publisher.publish(rows);
        } catch (RuntimeException e) {
            // A start without it is still useful; the next start tries again (the step is only marked on success).
            LOG.warnf("cannot create the default network %s: %s", NetworkService.DEFAULT_NETWORK, e.getMessage());
        }
    }
}
