package dev.berth.contracts.messaging;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The outcome of an operation, from container-service to the gateways that track it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(OperationEvent.OperationSucceeded.class),
        @JsonSubTypes.Type(OperationEvent.OperationFailed.class)})
public sealed interface OperationEvent {
    String operationId();

    record OperationSucceeded(String operationId) implements OperationEvent {
    }

    /** @param code an LXD error code: 400, 404, 409 or 500 */
    record OperationFailed(String operationId, int code, String error) implements OperationEvent {
    }
}
