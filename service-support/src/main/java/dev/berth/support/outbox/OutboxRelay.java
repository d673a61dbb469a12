package dev.berth.support.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.support.jdbc.Tx;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes outbox rows to Kafka right after their transaction commits, and re-publishes any row a crash or a failed
 * send left behind. A row may therefore be sent twice; consumers dedupe on the message id. Each service's
 * {@link OutboxPublishing} bean owns one, with the {@code @Channel} emitter.
 */
public final class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long STALE_AFTER_MS = 3_000;

    private final Emitter<String> emitter;
    private final Tx tx;
    private final OutboxStore outbox;
    private ScheduledExecutorService relay;
    private final ExecutorService marker = Executors.newSingleThreadExecutor(r -> daemon(r, "outbox-marker"));

    public OutboxRelay(Emitter<String> emitter, Tx tx, OutboxStore outbox) {
        this.emitter = emitter;
        this.tx = tx;
        this.outbox = outbox;
    }

    public void start() {
        relay = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "outbox-relay"));
        relay.scheduleWithFixedDelay(this::relayStale, 2, 2, TimeUnit.SECONDS);
    }

    public void stop() {
        if (relay != null) {
            relay.shutdownNow();
        }
        marker.shutdown();
    }

    /** Sends the rows in order without waiting; the broker's acks mark them published off the caller's thread. */
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
