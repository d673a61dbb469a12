package dev.berth.container.messaging;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/** Tells whether the named incoming channels have been assigned their partitions. */
@ApplicationScoped
public class KafkaReadiness {

    @Inject
    KafkaClientService clients;

    public boolean ready(String... channels) {
        for (String channel : channels) {
            KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
            if (consumer == null) {
                return false;
            }
            Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(Duration.ofSeconds(2));
            if (assigned.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
