package dev.berth.executor.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/** Tells whether the host-commands consumer has been assigned its partitions. */
@ApplicationScoped
public class KafkaReadiness {

    @Inject
    KafkaClientService clients;

    public boolean ready() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer("host-commands");
        if (consumer == null) {
            return false;
        }
        try {
            return !consumer.getAssignments().await().atMost(Duration.ofSeconds(2)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
