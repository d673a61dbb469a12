package dev.berth.support.kafka;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/** Tells whether incoming channels have their partitions, so a service reports ready only once it can consume. */
@ApplicationScoped
public class KafkaReadiness {

    @Inject
    KafkaClientService clients;

    public boolean assigned(String... channels) {
        for (String channel : channels) {
            KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
            if (consumer == null) {
                return false;
            }
            try {
                if (consumer.getAssignments().await().atMost(Duration.ofSeconds(2)).isEmpty()) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }
}
