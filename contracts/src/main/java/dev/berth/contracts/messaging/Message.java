package dev.berth.contracts.messaging;

import dev.berth.contracts.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/** A Kafka message value: the envelope plus one typed payload. */
public record Message<P>(Envelope envelope, P payload) {

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
