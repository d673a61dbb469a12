package dev.berth.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.berth.contracts.Json;

/** Parses request bodies ourselves, so malformed JSON becomes an LXD 400 that says what is wrong. */
final class Bodies {
    private Bodies() {
    }

    static <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw LxdException.badRequest("Request body is empty");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw LxdException.badRequest("Request body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw LxdException.badRequest("Invalid JSON in request body: " + e.getOriginalMessage());
        }
    }
}
