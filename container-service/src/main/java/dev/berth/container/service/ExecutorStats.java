package dev.berth.container.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.support.auth.InternalToken;

/** Reads live figures of a container from the executor of its node, point to point over HTTP. */
@ApplicationScoped
public class ExecutorStats {
    private static final Logger LOG = Logger.getLogger(ExecutorStats.class);

    @ConfigProperty(name = "berth.executor.url")
    String executorUrl;

    @Inject
    InternalToken internalToken;

    private static final TypeReference<Map<String, ContainerStats>> STATS_BY_ID = new TypeReference<>() {
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Live figures of many containers of one node in one call; a container the executor could not read is missing. */
    public Map<String, ContainerStats> readAll(String node, List<String> containerIds) {
        if (containerIds.isEmpty()) {
            return Map.of();
        }
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(executorUrl + "/internal/containers/stats"))
                    .header(InternalToken.HEADER, internalToken.header()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(containerIds))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                return Map.of();
            }
            return Json.MAPPER.readValue(reply.body(), STATS_BY_ID);
        } catch (Exception e) {
            LOG.debugf("stats of %d containers on %s unavailable: %s", containerIds.size(), node, e.toString());
            return Map.of();
        }
    }

    public Optional<ContainerStats> read(String node, String containerId) {
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(executorUrl + "/internal/containers/" + containerId + "/stats"))
                    .header(InternalToken.HEADER, internalToken.header())
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(Json.read(reply.body(), ContainerStats.class));
        } catch (Exception e) {
            LOG.debugf("stats of %s on %s unavailable: %s", containerId, node, e.toString());
            return Optional.empty();
        }
    }
}
