package dev.berth.container.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.ContainerStats;

/** Reads live figures of a container from the executor of its node, point to point over HTTP. */
@ApplicationScoped
public class ExecutorStats {
    private static final Logger LOG = Logger.getLogger(ExecutorStats.class);

    @ConfigProperty(name = "berth.executor.url")
    String executorUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Optional<ContainerStats> read(String node, String containerId) {
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
                    URI.create(executorUrl + "/internal/containers/" + containerId + "/stats"))
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
