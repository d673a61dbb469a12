package dev.berth.support.kafka;

import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Sends a record through an emitter and exposes the broker's ack as a future. */
public final class KafkaSends {
    private KafkaSends() {
    }

    /** Completes when the broker has the record, exceptionally when the send failed. */
    public static CompletableFuture<Void> send(Emitter<String> emitter, String value,
            OutgoingKafkaRecordMetadata<String> metadata) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(Message.of(value).addMetadata(metadata)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    ack.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }
}
