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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceSnapshot;
import dev.berth.contracts.lxd.InstanceState;
import dev.berth.contracts.lxd.Profile;
import dev.berth.support.auth.InternalToken;

/** The read side of instances, asked of container-service over HTTP. */
@ApplicationScoped
public class ContainerServiceClient {
    private static final TypeReference<List<Instance>> INSTANCES = new TypeReference<>() {
    };

    @ConfigProperty(name = "berth.container-service.url")
    String baseUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    public List<Instance> list(String project, boolean withState) {
        return get("/internal/instances?project=" + enc(project) + "&state=" + withState)
                .map(body -> read(body, INSTANCES)).orElse(List.of());
    }

    /**
     * The listing as container-service renders it (a JSON array of instances), bytes untouched: a listing without a
     * filter goes to the client as it comes, with no decoding and encoding again of hundreds of instances.
     */
    public byte[] listJson(String project, boolean withState) {
        try {
            HttpResponse<byte[]> reply = http.send(
                    request("/internal/instances?project=" + enc(project) + "&state=" + withState),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("container-service answered " + reply.statusCode());
            }
            return reply.body();
        } catch (IOException e) {
            throw new IllegalStateException("container-service unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Optional<Instance> find(String project, String name, boolean withState) {
        return get(instancePath(project, name, withState)).map(ContainerServiceClient::instance);
    }

    /**
     * {@link #find} (without state) sent now and answered later, so a caller can do other work meanwhile: the create
     * path reads the profiles while the name is looked up. {@link #await} gives the answer with {@code find}'s errors.
     */
    public CompletableFuture<Optional<Instance>> findAsync(String project, String name) {
        return http.sendAsync(request(instancePath(project, name, false)), HttpResponse.BodyHandlers.ofString())
                .thenApply(reply -> bodyOf(reply).map(ContainerServiceClient::instance));
    }

    /** The answer of a call made with one of the {@code ...Async} methods, failing as the blocking call would. */
    public static <T> T await(CompletableFuture<T> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IllegalStateException("container-service unreachable: " + io.getMessage(), io);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static String instancePath(String project, String name, boolean withState) {
        return "/internal/instances/" + enc(name) + "?project=" + enc(project) + "&state=" + withState;
    }

    private static Instance instance(String body) {
        return read(body, new TypeReference<Instance>() {
        });
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
            return bodyOf(http.send(request(path), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException("container-service unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header(InternalToken.HEADER, internalToken.header())
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** A 200's body, nothing for a 404. */
    private static Optional<String> bodyOf(HttpResponse<String> reply) {
        if (reply.statusCode() == 404) {
            return Optional.empty();
        }
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("container-service answered " + reply.statusCode());
        }
        return Optional.of(reply.body());
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
