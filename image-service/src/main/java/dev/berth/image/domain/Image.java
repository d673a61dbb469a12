package dev.berth.image.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image known to Berth: a unified tarball addressed by its sha256.
 *
 * @param lastUsedAt null when no instance was created from it yet
 * @param expiresAt null when it never expires
 */
public record Image(String fingerprint, String filename, long size, String architecture, String type,
        Map<String, String> properties, boolean isPublic, boolean autoUpdate, Instant createdAt, Instant uploadedAt,
        Instant lastUsedAt, Instant expiresAt) {

    public static final String TYPE_CONTAINER = "container";

    public Image {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties)); // sorted: stable JSON
    }
}
