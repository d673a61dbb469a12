package dev.berth.network.service;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.support.auth.InternalToken;

/**
 * The profiles whose NICs join a network, from container-service (which owns profiles), point to point over HTTP.
 * Without {@code berth.container-service.url} (the module's own tests) no profile uses any network.
 */
@ApplicationScoped
public class ProfileUsers {
    private static final TypeReference<List<String>> URLS = new TypeReference<>() {
    };

    @ConfigProperty(name = "berth.container-service.url")
    Optional<String> containerServiceUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Profile URLs using {@code network}; a 503 refusal when container-service cannot say. */
    public List<String> of(String network) {
        if (containerServiceUrl.isEmpty() || containerServiceUrl.get().isBlank()) {
            return List.of();
        }
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(containerServiceUrl.get()
                    + "/internal/networks/" + URLEncoder.encode(network, StandardCharsets.UTF_8) + "/users"))
                    .header(InternalToken.HEADER, internalToken.header()).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new Refusal(503, "Cannot tell which profiles use network \"" + network
                        + "\": container-service answered " + reply.statusCode());
            }
            return Json.MAPPER.readValue(reply.body(), URLS);
        } catch (java.io.IOException e) {
            throw new Refusal(503, "Cannot tell which profiles use network \"" + network
                    + "\": container-service is unreachable (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(503, "interrupted");
        }
    }
}
