package dev.berth.container.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.container.repository.OutboxRepository;
import dev.berth.container.repository.OutboxRow;
import dev.berth.support.jdbc.Tx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.event.Observes;

/**
 * Publishes outbox rows to Kafka right after their transaction commits, and re-publishes any row a crash or a failed
 * send left behind. A row may therefore be sent twice; every consumer dedupes on the envelope's message id.
 */
@ApplicationScoped
public class OutboxPublisher {
    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final long STALE_AFTER_MS = 3_000;

    @Inject
    @Channel("outbox")
    Emitter<String> emitter;

    @Inject
    Tx tx;

    @Inject
    OutboxRepository outbox;

    private ScheduledExecutorService relay;
    private final ExecutorService marker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-marker");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent ev) {
        relay = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        relay.scheduleWithFixedDelay(this::relayStale, 2, 2, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (relay != null) {
            relay.shutdownNow();
        }
        marker.shutdown();
    }

    /**
     * Sends the rows in order without waiting: the consumer moves on to its next message while the broker acks, and
     * the acks mark the rows published off the hot path. An unacked row is re-sent by the relay.
     */
    public void publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] acks = rows.stream().map(this::send).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(acks).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("outbox: send not confirmed (%s); the relay will retry", failure.toString());
                return;
            }
            try {
                tx.run(c -> {
                    for (OutboxRow row : rows) {
                        outbox.markPublished(c, row.id());
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warnf("outbox: cannot mark rows published (%s); the relay will re-send them", e.toString());
            }
        }, marker);
    }

    private CompletableFuture<Void> send(OutboxRow row) {
        RecordHeaders headers = new RecordHeaders();
        if (row.contentType() != null) {
            headers.add("content-type", row.contentType().getBytes(StandardCharsets.UTF_8));
        }
        return KafkaSends.send(emitter, row.value(), OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic()).withKey(row.key()).withHeaders(headers).build());
    }

    private void relayStale() {
        try {
            List<OutboxRow> stale = tx.run(c -> {
                outbox.prunePublished(c);
                return outbox.stale(c, STALE_AFTER_MS);
            });
            if (!stale.isEmpty()) {
                LOG.infof("outbox: re-publishing %d unconfirmed message(s)", stale.size());
                publish(stale);
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay: %s", e.toString());
        }
    }
}
