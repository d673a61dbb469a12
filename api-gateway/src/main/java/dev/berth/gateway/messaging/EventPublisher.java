package dev.berth.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.gateway.events.EventHub;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes LXD events to {@code berth.events.v1}, from where every other gateway replica serves them; this replica's
 * own listeners get them at once (a client waiting on its operation's event need not wait for the broker's round
 * trip), and {@link EventStreamConsumer} skips the copy that comes back, marked with this replica's
 * {@link #ORIGIN} header.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    /** The Kafka header naming the replica that published an event (and delivered it to its listeners itself). */
    public static final String ORIGIN = "berth-origin";

    @ConfigProperty(name = "quarkus.uuid")
    String replica;
    @Inject
    EventHub hub;

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
        hub.deliver(event);
        KafkaSends.send(emitter, Json.write(event), metadata(key)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warnf("event %s of %s not published: %s", event.type(), key, e.toString());
            }
        });
    }

    public void publish(String key, Event event) {
        hub.deliver(event);
        try {
            KafkaSends.send(emitter, Json.write(event), metadata(key)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("event %s of %s not published: %s", event.type(), key, e.toString());
        }
    }

    private OutgoingKafkaRecordMetadata<String> metadata(String key) {
        return OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(
                new RecordHeaders().add(ORIGIN, replica.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** Whether a record read back from the broker is one this replica published (and so already delivered). */
    public boolean ownEcho(org.apache.kafka.common.header.Headers headers) {
        org.apache.kafka.common.header.Header origin = headers == null ? null : headers.lastHeader(ORIGIN);
        return origin != null && replica.equals(new String(origin.value(), StandardCharsets.UTF_8));
    }
}
