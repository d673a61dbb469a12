package dev.berth.container.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.InstanceCommand.ImageSource;
import dev.berth.support.auth.InternalToken;

/** Asks image-service which image an alias or fingerprint prefix names. */
@ApplicationScoped
public class ImageResolver {

    /**
     * A resolved image; {@code url} is where executors download it (the metadata tarball of a split image, whose
     * rootfs is at {@code rootfsUrl}; null for a unified image).
     */
    public record ResolvedImage(String fingerprint, String url, String rootfsUrl, Map<String, String> properties) {
    }

    /** The image could not be resolved; {@code code} is the LXD error code to report. */
    public static class ImageNotResolved extends RuntimeException {
        final int code;

        ImageNotResolved(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    @ConfigProperty(name = "berth.image-service.url")
    String imageServiceUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ResolvedImage resolve(ImageSource source) {
        String query = source.fingerprint() != null && !source.fingerprint().isEmpty()
                ? "fingerprint=" + encode(source.fingerprint())
                : "alias=" + encode(source.alias());
        String what = source.fingerprint() != null && !source.fingerprint().isEmpty()
                ? source.fingerprint()
                : source.alias();
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(imageServiceUrl + "/internal/images/resolve?" + query))
                    .header(InternalToken.HEADER, internalToken.header()).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 404) {
                throw new ImageNotResolved(404, "Image \"" + what + "\" not found");
            }
            JsonNode body = Json.MAPPER.readTree(reply.body());
            if (reply.statusCode() != 200) {
                throw new ImageNotResolved(reply.statusCode() == 400 ? 400 : 500,
                        "Image \"" + what + "\": " + body.path("error").asText("image-service error"));
            }
            Map<String, String> props = Json.MAPPER.convertValue(body.path("properties"),
                    Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            String rootfsUrl = body.path("rootfs_url").isTextual() ? body.path("rootfs_url").asText() : null;
            return new ResolvedImage(body.path("fingerprint").asText(), body.path("url").asText(), rootfsUrl,
                    props == null ? Map.of() : props);
        } catch (IOException e) {
            throw new ImageNotResolved(500, "image-service unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageNotResolved(500, "interrupted while resolving image");
        }
    }

    /**
     * Where executors fetch an image they only know by fingerprint. For a split image image-service answers with the
     * metadata tarball and names the rootfs in {@code X-Berth-Rootfs-Url}.
     */
    public String blobUrl(String fingerprint) {
        return imageServiceUrl + "/internal/images/" + fingerprint + "/blob";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
