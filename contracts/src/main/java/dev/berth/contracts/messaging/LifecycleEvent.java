package dev.berth.contracts.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An LXD lifecycle event wrapped as a CloudEvent 1.0 in structured JSON mode, so any CloudEvents library can read the
 * lifecycle topic. {@code data} is exactly the metadata LXD puts on its {@code lifecycle} events; {@code source} names
 * the producing service, e.g. {@code /berth/container-service}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, String berthoperation, String berthcausation, Data data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final String TYPE_PREFIX = "dev.berth.lifecycle.";

    /** LXD lifecycle metadata: {@code action} such as {@code instance-started}, {@code source} the resource URL. */
    public record Data(String action, String source, Map<String, Object> context, String project) {
    }

    /** An event caused by a Kafka message: same operation and project, the message's id as causation. */
    public static LifecycleEvent of(String producer, Envelope cause, String action, String source,
            Map<String, Object> context) {
        Envelope e = cause.caused();
        return new LifecycleEvent("1.0", e.messageId(), producer, TYPE_PREFIX + action, source, e.occurredAt(),
                "application/json", e.operationId(), cause.messageId(), new Data(action, source, context,
                        e.project()));
    }

    /** An event caused directly by an API request (no message before it); {@code operationId} may be null. */
    public static LifecycleEvent root(String producer, String project, String operationId, String action,
            String source, Map<String, Object> context) {
        return new LifecycleEvent("1.0", UUID.randomUUID().toString(), producer, TYPE_PREFIX + action, source,
                Instant.now(), "application/json", operationId, null, new Data(action, source, context, project));
    }

    /** The LXD action name, such as {@code instance-started}. */
    public String action() {
        return data.action();
    }
}
