package dev.berth.executor.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** Parses the JSON {@code runc state} prints. */
public final class RuncStateParser {
    private RuncStateParser() {
    }

    public static RuncState parse(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.hasNonNull("id") || !node.hasNonNull("status")) {
                throw new IllegalArgumentException("runc state output lacks id or status: " + json.strip());
            }
            return new RuncState(node.get("id").asText(), node.path("pid").asLong(0), node.get("status").asText(),
                    node.path("bundle").asText(null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("runc state printed malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
