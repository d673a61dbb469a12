package dev.berth.executor.network;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/**
 * Asks network-service for a network's config, point to point over HTTP: a node that never received the network's
 * EnsureNetwork (a new node, or a wiped executor state) builds it on demand when a NIC needs it.
 */
public final class NetworkLookup {
    private final String networkServiceUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * {@code networkServiceUrl} null or blank: no lookups (the node knows only what it was sent);
     * {@code authorization} is the internal token's header value.
     */
    public NetworkLookup(String networkServiceUrl, String authorization) {
        this.networkServiceUrl = networkServiceUrl;
        this.authorization = authorization;
    }

    /** The network's config as network-service stores it (auto addresses resolved), or empty when it has none. */
    public Optional<Map<String, String>> config(String network) {
        if (networkServiceUrl == null || networkServiceUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(networkServiceUrl + "/1.0/networks/"
                    + URLEncoder.encode(network, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode config = Json.MAPPER.readTree(reply.body()).path("metadata").path("config");
            Map<String, String> out = new LinkedHashMap<>();
            config.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return Optional.of(out);
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
