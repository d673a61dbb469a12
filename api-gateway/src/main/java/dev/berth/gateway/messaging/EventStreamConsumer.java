package dev.berth.gateway.messaging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.NonBlocking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.gateway.events.EventHub;
import dev.berth.gateway.service.Operations;

/**
 * Reads {@code berth.events.v1} and {@code berth.lifecycle.v1} in a consumer group of this replica alone (so every
 * replica sees every event), hands each event to this replica's {@code /1.0/events} listeners, and wakes local
 * {@code /wait} callers of operations that another replica finished.
 */
@ApplicationScoped
public class EventStreamConsumer {
    private static final Logger LOG = Logger.getLogger(EventStreamConsumer.class);

    @Inject
    EventHub hub;
    @Inject
    Operations operations;
    @Inject
    EventPublisher publisher;

    /** Runs on the event loop, in order: delivering is only queueing on each listener's socket. */
    @Incoming("event-stream")
    @NonBlocking
    public void consume(ConsumerRecord<String, String> record) {
        if (publisher.ownEcho(record.headers())) {
            return; // this replica delivered it and woke its waiters when it published it
        }
        String value = record.value();
        Event event;
        try {
            event = toEvent(value);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warnf("skipping an unreadable event: %s", e.toString());
            return;
        }
        if (Event.OPERATION.equals(event.type())) {
            Operation op = Json.MAPPER.convertValue(event.metadata(), Operation.class);
            if (op.isFinal()) {
                operations.wake(op);
            }
        }
        hub.deliver(event);
    }

    /** A lifecycle CloudEvent becomes LXD's {@code lifecycle} event; anything else already is an LXD event. */
    public static Event toEvent(String value) throws JsonProcessingException {
        JsonNode node = Json.MAPPER.readTree(value);
        if (!node.has("specversion")) {
            return Json.MAPPER.treeToValue(node, Event.class);
        }
        LifecycleEvent cloud = Json.MAPPER.treeToValue(node, LifecycleEvent.class);
        LifecycleEvent.Data data = cloud.data();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("action", data.action());
        metadata.put("source", data.source());
        metadata.put("context", data.context() == null ? Map.of() : data.context());
        metadata.put("name", lastSegment(data.source()));
        metadata.put("project", data.project());
        return new Event(Event.LIFECYCLE, cloud.time(), Json.MAPPER.valueToTree(metadata), "none", data.project());
    }

    private static String lastSegment(String source) {
        if (source == null) {
            return "";
        }
        String path = source.contains("?") ? source.substring(0, source.indexOf('?')) : source;
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }
}
