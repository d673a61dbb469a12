package dev.berth.container.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.container.service.ImageResolver.ImageNotResolved;
import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.InstanceCommand.ImageSource;
import dev.berth.support.auth.InternalToken;

/**
 * Has image-service cache an image from a remote image server ({@code source.server}), LXD's pull-on-create, and
 * names the local copy by fingerprint so it resolves like any other image.
 */
@ApplicationScoped
public class ImagePuller {

    @ConfigProperty(name = "berth.image-service.url")
    String imageServiceUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The local source of the pulled image: its full fingerprint. */
    public ImageSource pull(ImageSource source) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("server", source.server());
        request.put("protocol", source.protocol());
        request.put("alias", source.alias());
        request.put("fingerprint", source.fingerprint());
        request.put("certificate", source.certificate());
        String what = source.server() + " " + (source.fingerprint() != null && !source.fingerprint().isEmpty()
                ? source.fingerprint()
                : source.alias());
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(imageServiceUrl + "/internal/images/pull"))
                    .header(InternalToken.HEADER, internalToken.header()).timeout(Duration.ofHours(1))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.MAPPER.readTree(reply.body());
            if (reply.statusCode() != 200) {
                int code = reply.statusCode();
                throw new ImageNotResolved(code == 400 || code == 404 || code == 503 ? code : 500,
                        body.path("error").asText("image-service error pulling " + what));
            }
            return new ImageSource(null, body.path("fingerprint").asText());
        } catch (IOException e) {
            throw new ImageNotResolved(500, "image-service unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageNotResolved(500, "interrupted while pulling image " + what);
        }
    }
}
