package dev.berth.gateway.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/** Tells whether the operation-events consumer has its partitions, so no completion is missed at start-up. */
@ApplicationScoped
public class KafkaReadiness {

    @Inject
    KafkaClientService clients;

    public boolean ready() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer("operation-events");
        return consumer != null && !consumer.getAssignments().await().atMost(Duration.ofSeconds(2)).isEmpty();
    }
}
