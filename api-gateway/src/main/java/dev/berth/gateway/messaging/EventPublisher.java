package dev.berth.gateway.messaging;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes LXD events to {@code berth.events.v1}, from where every gateway replica serves them. */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    @Channel("lxd-events")
    Emitter<String> emitter;

    /**
     * Waits briefly for the broker: an operation's events must leave in the order they happened, and a client waits
     * on them. A failure is logged, not thrown: the operation itself stands, and {@code /wait} still sees it.
     */
    /**
     * Sends without waiting for the broker, for the request path (every launch starts an operation): a failure is
     * logged. Events of one key still leave in order, since this producer sends them in order to one partition.
     */
    public void publishAsync(String key, Event event) {
        KafkaSends.send(emitter, Json.write(event), OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warnf("event %s of %s not published: %s", event.type(), key, e.toString());
                    }
                });
    }

    public void publish(String key, Event event) {
        try {
            KafkaSends.send(emitter, Json.write(event), OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                    .build()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("event %s of %s not published: %s", event.type(), key, e.toString());
        }
    }
}
