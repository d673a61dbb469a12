package dev.berth.gateway.service;

import java.io.IOException;
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

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceSnapshot;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.InstanceState;

/** The read side of instances, asked of container-service over HTTP. */
@ApplicationScoped
public class ContainerServiceClient {
    private static final TypeReference<List<Instance>> INSTANCES = new TypeReference<>() {
    };

    @ConfigProperty(name = "berth.container-service.url")
    String baseUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    public List<Instance> list(String project, boolean withState) {
        return get("/internal/instances?project=" + enc(project) + "&state=" + withState)
                .map(body -> read(body, INSTANCES)).orElse(List.of());
    }

    public Optional<Instance> find(String project, String name, boolean withState) {
        return get("/internal/instances/" + enc(name) + "?project=" + enc(project) + "&state=" + withState)
                .map(body -> read(body, new TypeReference<Instance>() {
                }));
    }

    /** The instance's snapshots, oldest first; empty when the instance does not exist. */
    public Optional<List<InstanceSnapshot>> snapshots(String project, String name) {
        return get("/internal/instances/" + enc(name) + "/snapshots?project=" + enc(project))
                .map(body -> read(body, new TypeReference<List<InstanceSnapshot>>() {
                }));
    }

    /** Every profile, as container-service answers {@code GET /1.0/profiles?recursion=1}. */
    public List<Profile> profiles() {
        return get("/1.0/profiles?recursion=1").map(body -> {
            try {
                return Json.MAPPER.convertValue(Json.MAPPER.readTree(body).path("metadata"),
                        new TypeReference<List<Profile>>() {
                        });
            } catch (IOException e) {
                throw new IllegalStateException("container-service sent malformed JSON: " + e.getMessage(), e);
            }
        }).orElse(List.of());
    }

    /** A storage pool as container-service answers {@code GET /1.0/storage-pools/{name}}; empty if unknown. */
    public Optional<dev.berth.contracts.lxd.StoragePool> storagePool(String name) {
        return get("/1.0/storage-pools/" + enc(name)).map(body -> {
            try {
                return Json.MAPPER.convertValue(Json.MAPPER.readTree(body).path("metadata"),
                        dev.berth.contracts.lxd.StoragePool.class);
            } catch (IOException e) {
                throw new IllegalStateException("container-service sent malformed JSON: " + e.getMessage(), e);
            }
        });
    }

    public Optional<InstanceState> state(String project, String name) {
        return get("/internal/instances/" + enc(name) + "/state?project=" + enc(project))
                .map(body -> read(body, new TypeReference<InstanceState>() {
                }));
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 404) {
                return Optional.empty();
            }
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("container-service answered " + reply.statusCode());
            }
            return Optional.of(reply.body());
        } catch (IOException e) {
            throw new IllegalStateException("container-service unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static <T> T read(String body, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("container-service sent malformed JSON: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
