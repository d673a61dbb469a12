package dev.berth.executor.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.contracts.Topics;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.service.EventSink;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends host events to {@link Topics#HOST_EVENTS}, keyed by {@code project/name}, and waits for the broker's acks.
 * A failed send is retried with backoff until it succeeds: the command that caused the events must not be acked
 * (and so must not be lost) before they are out, and nothing else can progress while Kafka is unreachable anyway.
 */
@ApplicationScoped
public class HostEventPublisher implements EventSink {
    private static final Logger LOG = Logger.getLogger(HostEventPublisher.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    @Inject
    @Channel("host-events")
    Emitter<String> emitter;

    @Override
    public void emit(List<Message<HostEvent>> events) {
        if (events.isEmpty()) {
            return;
        }
        for (long backoff = 100;; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
            CompletableFuture<?>[] acks = events.stream().map(this::send).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(acks).get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("publishing %d host event(s) failed (%s); retrying in %d ms", events.size(), e.toString(),
                        backoff);
                pause(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing host events", e);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing host events", e);
        }
    }

    private CompletableFuture<Void> send(Message<HostEvent> event) {
        HostEvent payload = event.payload();
        event.envelope().stamp("executor.published");
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(payload.project() + "/" + payload.name()).build();
        return KafkaSends.send(emitter, event.toJson(), meta);
    }
}
