package dev.berth.contracts.messaging;

import dev.berth.contracts.Json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A Kafka message value: the envelope plus one typed payload. The payload carries its own {@code type} name, declared
 * here because the generic component erases the sealed interface that declares the subtypes.
 */
public record Message<P>(Envelope envelope,
        @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type") P payload) {

    public static final TypeReference<Message<InstanceCommand>> INSTANCE_COMMAND = new TypeReference<>() {
    };
    public static final TypeReference<Message<HostCommand>> HOST_COMMAND = new TypeReference<>() {
    };
    public static final TypeReference<Message<HostEvent>> HOST_EVENT = new TypeReference<>() {
    };
    public static final TypeReference<Message<OperationEvent>> OPERATION_EVENT = new TypeReference<>() {
    };

    public String toJson() {
        return Json.write(this);
    }

    public static <P> Message<P> parse(String json, TypeReference<Message<P>> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed message: " + e.getOriginalMessage(), e);
        }
    }
}
