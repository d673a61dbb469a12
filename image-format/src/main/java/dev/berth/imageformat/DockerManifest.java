package dev.berth.imageformat;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Recognises the {@code manifest.json} of a {@code docker save} archive: an array of {Config, Layers} objects. */
final class DockerManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerManifest() {
    }

    static boolean isDockerManifest(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isArray() || root.isEmpty()) {
                return false;
            }
            for (JsonNode image : root) {
                if (!image.path("Config").isTextual() || !image.path("Layers").isArray()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
