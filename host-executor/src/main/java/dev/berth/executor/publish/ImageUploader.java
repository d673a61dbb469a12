package dev.berth.executor.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.executor.service.CommandRefused;

/**
 * Streams a packed image to image-service's upload endpoint ({@code POST /1.0/images}, raw unified tarball) while it is
 * being written, so nothing is staged on disk or held in memory.
 */
public final class ImageUploader {
    private static final int CHUNK = 1 << 16;

    /** The stored image. */
    public record Uploaded(String fingerprint, long size) {
    }

    /** Produces the tarball's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private ImageUploader() {
    }

    /** Streams {@code body} to image-service at {@code url}, with {@code authorization} (the internal token) if not null. */
    public static Uploaded upload(String url, String authorization, String filename, ImagePublish image, Body body) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setChunkedStreamingMode(CHUNK);
            http.setConnectTimeout(5_000);
            http.setReadTimeout(600_000);
            http.setRequestProperty("Content-Type", "application/octet-stream");
            if (authorization != null) {
                http.setRequestProperty("Authorization", authorization);
            }
            http.setRequestProperty("X-Incus-filename", filename);
            http.setRequestProperty("X-Incus-public", Boolean.toString(image.isPublic()));
            if (!image.properties().isEmpty()) {
                http.setRequestProperty("X-Incus-properties", form(image.properties()));
            }
            if (!image.aliases().isEmpty()) {
                http.setRequestProperty("X-Incus-aliases", image.aliases().stream()
                        .map(a -> "alias=" + enc(a)).collect(Collectors.joining("&")));
            }
            try (OutputStream out = http.getOutputStream()) {
                body.writeTo(out);
            }
            int status = http.getResponseCode();
            JsonNode reply = read(status >= 400 ? http.getErrorStream() : http.getInputStream());
            if (status >= 300) {
                String error = reply.path("error").asText("image-service answered " + status);
                throw new CommandRefused(status == 400 || status == 404 || status == 409 ? status : 500,
                        "Storing the image failed: " + error);
            }
            JsonNode meta = reply.path("metadata");
            return new Uploaded(meta.path("fingerprint").asText(), meta.path("size").asLong());
        } catch (IOException e) {
            throw new CommandRefused(500, "Storing the image failed: cannot stream it to " + url + ": "
                    + e.getMessage());
        }
    }

    private static JsonNode read(InputStream in) throws IOException {
        if (in == null) {
            return Json.MAPPER.createObjectNode();
        }
        try (in) {
            byte[] bytes = in.readAllBytes();
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                return Json.MAPPER.createObjectNode().put("error", new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
