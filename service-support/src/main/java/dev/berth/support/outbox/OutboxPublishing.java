package dev.berth.support.outbox;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.berth.support.jdbc.Tx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns a service's {@code outbox} channel: rows go to Kafka right after their transaction commits (the caller moves on
 * while the broker acks), and the shared {@link OutboxRelay} re-sends whatever a crash or failed send left. Each
 * service that keeps an outbox declares one {@code @ApplicationScoped} subclass (the injection points and the
 * observers are inherited) and configures {@code mp.messaging.outgoing.outbox}.
 */
public abstract class OutboxPublishing {

    @Inject
    @Channel("outbox")
    Emitter<String> emitter;
    @Inject
    Tx tx;
    @Inject
    OutboxStore outbox;

    private OutboxRelay relay;

    /** Whether rows go to Kafka at all; a service's tests may keep them in the table instead. */
    protected boolean enabled() {
        return true;
    }

    void start(@Observes StartupEvent ev) {
        if (enabled()) {
            relay().start();
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (enabled()) {
            relay().stop();
        }
    }

    public void publish(List<OutboxRow> rows) {
        if (enabled()) {
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
