package dev.berth.image.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code GET /internal/images/resolve}: what a creator needs to fetch and verify an image.
 *
 * @param url the unified tarball, or the metadata tarball of a split image
 * @param rootfsUrl the rootfs of a split image; null for a unified one
 */
public record ResolvedImage(String fingerprint, String url, @JsonProperty("rootfs_url") String rootfsUrl, long size,
        Map<String, String> properties) {
}
