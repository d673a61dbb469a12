package dev.berth.image.rest;

import java.util.Map;

/** Answer of {@code GET /internal/images/resolve}: what a creator needs to fetch and verify an image. */
public record ResolvedImage(String fingerprint, String url, long size, Map<String, String> properties) {
}
