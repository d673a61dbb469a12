package dev.berth.image.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image known to Berth, addressed by its sha256: of the unified tarball, or of the metadata tarball followed by the
 * rootfs for a split image.
 *
 * @param size all the image's bytes (both files of a split image)
 * @param lastUsedAt null when no instance was created from it yet
 * @param expiresAt null when it never expires
 * @param split whether it is stored as two files, metadata and rootfs
 */
public record Image(String fingerprint, String filename, long size, String architecture, String type,
        Map<String, String> properties, boolean isPublic, boolean autoUpdate, Instant createdAt, Instant uploadedAt,
        Instant lastUsedAt, Instant expiresAt, boolean split) {

    public static final String TYPE_CONTAINER = "container";

    public Image {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties)); // sorted: stable JSON
    }

    /** The blob holding the unified tarball, or the metadata tarball of a split image. */
    public String blobName() {
        return fingerprint;
    }

    /** The blob holding the rootfs of a split image. */
    public String rootfsBlobName() {
        return fingerprint + ".rootfs";
    }

    /** The same image with its user-editable fields replaced. */
    public Image edited(boolean newPublic, Map<String, String> newProperties, Instant newExpiresAt) {
        return new Image(fingerprint, filename, size, architecture, type, newProperties, newPublic, autoUpdate,
                createdAt, uploadedAt, lastUsedAt, newExpiresAt, split);
    }
}
