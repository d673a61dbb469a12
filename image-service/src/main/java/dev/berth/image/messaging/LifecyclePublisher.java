package dev.berth.image.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRelay;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends image lifecycle events from the outbox to Kafka once their transaction has committed; the relay re-sends
 * whatever a crash or a failed send left behind, so a committed change never loses its event.
 */
@ApplicationScoped
public class LifecyclePublisher {

    @Inject
    @Channel("outbox")
    Emitter<String> emitter;
    @Inject
    Tx tx;
    @Inject
    OutboxStore outbox;

    private OutboxRelay relay;

    void start(@Observes StartupEvent ev) {
        relay().start();
    }

    void stop(@Observes ShutdownEvent ev) {
        relay().stop();
    }

    public void publish(List<OutboxRow> rows) {
        relay().publish(rows);
    }

    private synchronized OutboxRelay relay() {
        if (relay == null) {
            relay = new OutboxRelay(emitter, tx, outbox);
        }
        return relay;
    }
}
