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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code networkServiceUrl} null or blank: no lookups (the node knows only what it was sent). */
    public NetworkLookup(String networkServiceUrl) {
        this.networkServiceUrl = networkServiceUrl;
    }

    /** The network's config as network-service stores it (auto addresses resolved), or empty when it has none. */
    public Optional<Map<String, String>> config(String network) {
        if (networkServiceUrl == null || networkServiceUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(networkServiceUrl
                    + "/1.0/networks/" + URLEncoder.encode(network, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
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
