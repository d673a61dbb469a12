package dev.berth.network.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRelay;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns network-service's {@code outbox} channel: command rows go to Kafka right after their transaction commits, and
 * the shared {@link OutboxRelay} re-sends what a crash or failed send left. With
 * {@code berth.network.outbox.publish=false} (the REST and IPAM tests) rows only accumulate in the table.
 */
@ApplicationScoped
public class OutboxPublisher {

    @Inject
    @Channel("outbox")
    Emitter<String> emitter;
    @Inject
    Tx tx;
    @Inject
    OutboxStore outbox;
    @ConfigProperty(name = "berth.network.outbox.publish", defaultValue = "true")
    boolean enabled;

    private OutboxRelay relay;

    void start(@Observes StartupEvent ev) {
        if (enabled) {
            relay().start();
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (enabled) {
            relay().stop();
        }
    }

    public void publish(List<OutboxRow> rows) {
        if (enabled) {
            relay().publish(rows);
        }
    }

    private synchronized OutboxRelay relay() {
        if (relay == null) {
            relay = new OutboxRelay(emitter, tx, outbox);
        }
        return relay;
    }
}
