package dev.berth.gateway.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.berth.contracts.lxd.StatusCode;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.gateway.service.Operations;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Finishes operations from {@code berth.operation.events.v1}; the message trace becomes {@code berth_trace}. */
@ApplicationScoped
public class OperationEventConsumer {

    @Inject
    Operations operations;

    @Incoming("operation-events")
    @Blocking(ordered = true)
    public void consume(String value) {
        Message<OperationEvent> message = Message.parse(value, Message.OPERATION_EVENT);
        Envelope env = message.envelope().stamp("gateway.completed");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("berth_trace", env.trace());
        if (message.payload() instanceof OperationEvent.OperationFailed failed) {
            metadata.put("error_code", failed.code());
            operations.finish(failed.operationId(), StatusCode.FAILURE, failed.error(), metadata);
        } else if (message.payload() instanceof OperationEvent.OperationSucceeded succeeded) {
            if (succeeded.metadata() != null) {
                metadata.putAll(succeeded.metadata());
            }
            operations.finish(succeeded.operationId(), StatusCode.SUCCESS, "", metadata);
        }
    }
}
