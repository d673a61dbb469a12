package dev.berth.gateway.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes instance commands keyed by {@code project/name}, and returns only once the broker has them. */
@ApplicationScoped
public class CommandPublisher {

    @Inject
    @Channel("instance-commands")
    Emitter<String> emitter;

    public void publish(Envelope envelope, InstanceCommand command) {
        String key = new InstanceRef(envelope.project(), command.name()).key();
        String value = new dev.berth.contracts.messaging.Message<>(envelope.stamp("gateway.published"), command)
                .toJson();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    ack.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            ack.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not accept the command: " + e.getMessage(), e);
        }
    }
}
