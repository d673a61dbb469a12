package dev.berth.cli.http;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** Checks an LXD response envelope and turns {@code type:"error"} or an HTTP error into {@link LxdException}. */
final class Envelopes {
    private static final int SNIPPET = 200;

    private Envelopes() {
    }

    static JsonNode check(Reply reply) {
        JsonNode root = parse(reply);
        if (root == null) {
            String text = reply.bodyText().strip();
            String snippet = text.length() > SNIPPET ? text.substring(0, SNIPPET) + "..." : text;
            if (!reply.isSuccess()) {
                throw new LxdException(reply.status(), ("HTTP " + reply.status() + " " + reply.reason()).strip()
                        + (snippet.isEmpty() ? "" : ": " + snippet));
            }
            throw new LxdException(reply.status(), "malformed response (not an LXD envelope): " + snippet);
        }
        if ("error".equals(root.path("type").asText()) || reply.status() >= 400) {
            int code = root.path("error_code").asInt(0);
            String message = root.path("error").asText("");
            if (message.isBlank()) {
                message = ("HTTP " + reply.status() + " " + reply.reason()).strip();
            }
            throw new LxdException(code != 0 ? code : reply.status(), message);
        }
        return root;
    }

    private static JsonNode parse(Reply reply) {
        if (reply.body().length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(reply.body());
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }
}
