package dev.berth.gateway.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.support.kafka.KafkaSends;
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
        CompletableFuture<Void> ack = KafkaSends.send(emitter, value,
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        try {
            ack.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not accept the command: " + e.getMessage(), e);
        }
    }
}
