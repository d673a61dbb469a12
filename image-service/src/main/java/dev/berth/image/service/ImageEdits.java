package dev.berth.image.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.image.domain.Image;
import dev.berth.image.domain.InvalidRequestException;

/**
 * LXD's {@code ImagePut} applied to an image: {@code public}, {@code properties}, {@code expires_at} are editable,
 * {@code auto_update} must stay false (Berth does not refresh images) and {@code profiles} may only name
 * {@code default}. PUT replaces them, PATCH changes only what the body names and merges {@code properties}.
 */
public final class ImageEdits {
    /** LXD's zero time, which it sends for "never expires". */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private ImageEdits() {
    }

    public static Image apply(Image current, JsonNode body, boolean replace) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object");
        }
        JsonNode autoUpdate = body.get("auto_update");
        if (autoUpdate != null && autoUpdate.asBoolean(false)) {
            throw new InvalidRequestException("auto_update is not supported: Berth does not refresh images");
        }
        checkProfiles(body.get("profiles"));
        boolean isPublic = body.has("public")
                ? bool(body.get("public"), "public")
                : !replace && current.isPublic();
        Map<String, String> properties = new LinkedHashMap<>();
        if (!replace && body.has("properties")) {
            properties.putAll(current.properties());
        }
        if (body.has("properties")) {
            properties.putAll(strings(body.get("properties")));
        } else if (!replace) {
            properties.putAll(current.properties());
        }
        Instant expiresAt = body.has("expires_at")
                ? instant(body.get("expires_at"))
                : replace ? null : current.expiresAt();
        return current.edited(isPublic, properties, expiresAt);
    }

    private static boolean bool(JsonNode n, String field) {
        if (!n.isBoolean()) {
            throw new InvalidRequestException(field + " must be a boolean");
        }
        return n.asBoolean();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new InvalidRequestException("properties must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidRequestException("properties." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Instant instant(JsonNode n) {
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            return null;
        }
        try {
            Instant t = Instant.parse(n.asText());
            return t.equals(ZERO_TIME) || t.isBefore(Instant.EPOCH) ? null : t;
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("expires_at must be an RFC 3339 time, not " + n);
        }
    }

    private static void checkProfiles(JsonNode profiles) {
        if (profiles == null || profiles.isNull()) {
            return;
        }
        for (JsonNode p : profiles) {
            if (!"default".equals(p.asText())) {
                throw new InvalidRequestException("Profile \"" + p.asText() + "\" not found (only default exists)");
            }
        }
    }
}
