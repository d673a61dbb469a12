package dev.berth.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;

/**
 * The config arithmetic of {@code PUT} and {@code PATCH /1.0/instances/{name}}, and the instance's ETag. Keys the
 * server owns ({@code volatile.*}, {@code image.*}) are kept from the current instance whatever the body says, so a
 * client that PUTs back what it read changes nothing it may not; a PATCH merges, and an empty value removes a key.
 */
public final class InstanceUpdates {
    private static final List<String> SERVER_PREFIXES = List.of("volatile.", "image.");

    private InstanceUpdates() {
    }

    /** The user keys of a body, server-owned keys dropped. */
    public static Map<String, String> userKeys(Map<String, String> body) {
        Map<String, String> keys = new TreeMap<>();
        if (body != null) {
            body.forEach((k, v) -> {
                if (k != null && SERVER_PREFIXES.stream().noneMatch(k::startsWith)) {
                    keys.put(k, v);
                }
            });
        }
        return keys;
    }

    /** PUT: the body's user keys replace the current ones. */
    public static Map<String, String> replace(Map<String, String> current, Map<String, String> body) {
        Map<String, String> next = serverKeys(current);
        userKeys(body).forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                next.put(k, v);
            }
        });
        return next;
    }

    /** PATCH: the body's user keys are merged in; an empty value removes the key. */
    public static Map<String, String> merge(Map<String, String> current, Map<String, String> body) {
        Map<String, String> next = new TreeMap<>(current == null ? Map.of() : current);
        userKeys(body).forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        return next;
    }

    /** PATCH of devices: named devices in the body replace the current ones of that name. */
    public static Map<String, Map<String, String>> mergeDevices(Map<String, Map<String, String>> current,
            Map<String, Map<String, String>> body) {
        Map<String, Map<String, String>> next = new TreeMap<>(current == null ? Map.of() : current);
        if (body != null) {
            next.putAll(body);
        }
        return next;
    }

    /** LXD hashes architecture, local config, local devices, ephemeral and profiles: a change of any is a new tag. */
    public static String etag(Instance instance) {
        Object fields = List.of(String.valueOf(instance.architecture()),
                new TreeMap<>(instance.config() == null ? Map.of() : instance.config()),
                instance.devices() == null ? Map.of() : new TreeMap<>(instance.devices()), instance.ephemeral(),
                instance.profiles() == null ? List.of() : instance.profiles(),
                String.valueOf(instance.description()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(fields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> serverKeys(Map<String, String> current) {
        Map<String, String> keys = new TreeMap<>();
        if (current != null) {
            current.forEach((k, v) -> {
                if (SERVER_PREFIXES.stream().anyMatch(k::startsWith)) {
                    keys.put(k, v);
                }
            });
        }
        return keys;
    }
}
