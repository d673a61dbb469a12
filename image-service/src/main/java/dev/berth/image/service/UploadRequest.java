package dev.berth.image.service;

import java.util.List;
import java.util.Map;

/**
 * What came with an image upload besides its bytes (LXD's {@code X-Incus-*} / {@code X-LXD-*} headers).
 *
 * @param filename may be null (then the metadata part's file name is used for split images)
 * @param expectedFingerprint when given, the upload must hash to it
 * @param operationId the gateway operation the upload serves, put on the lifecycle events; may be null
 */
public record UploadRequest(String filename, boolean isPublic, Map<String, String> properties,
        List<String> aliases, String expectedFingerprint, String operationId) {

    public UploadRequest {
        properties = Map.copyOf(properties);
        aliases = List.copyOf(aliases);
    }
}
