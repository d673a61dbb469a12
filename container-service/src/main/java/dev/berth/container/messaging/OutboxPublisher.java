package dev.berth.container.messaging;

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
 * Owns container-service's {@code outbox} channel: rows go to Kafka right after their transaction commits (the consumer
 * moves on while the broker acks), and the shared {@link OutboxRelay} re-sends whatever a crash or failed send left.
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
