package dev.berth.contracts.messaging;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The outcome of an operation, from container-service to the gateways that track it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(OperationEvent.OperationSucceeded.class),
        @JsonSubTypes.Type(OperationEvent.OperationFailed.class)})
public sealed interface OperationEvent {
    String operationId();

    /** @param metadata what the finished LXD operation carries, such as an image's fingerprint; may be null */
    record OperationSucceeded(String operationId, Map<String, Object> metadata) implements OperationEvent {
        public OperationSucceeded(String operationId) {
            this(operationId, null);
        }
    }

    /** @param code an LXD error code: 400, 404, 409 or 500 */
    record OperationFailed(String operationId, int code, String error) implements OperationEvent {
    }
}
