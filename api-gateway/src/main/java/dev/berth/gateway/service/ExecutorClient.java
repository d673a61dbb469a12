package dev.berth.gateway.service;

import java.io.IOException;
import java.io.InputStream;
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
import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.exec.ConsoleStart;
import dev.berth.contracts.exec.ExecStart;
import dev.berth.gateway.rest.LxdException;
import dev.berth.support.auth.InternalToken;

/**
 * Talks to the host-executor of an instance's node point to point: exec and console sessions, recorded output and the
 * console log.
 */
@ApplicationScoped
public class ExecutorClient {

    @ConfigProperty(name = "berth.executor.url")
    String executorUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The executor's base URL for the node an instance runs on (one node so far). */
    public URI base(String node) {
        return URI.create(executorUrl);
    }

    /** Opens an exec session; the executor's refusal (instance not running, ...) becomes the same LXD error. */
    public void open(String node, ExecStart start) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(base(node).resolve("/internal/exec"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(start))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 201) {
            throw new LxdException(reply.statusCode() >= 500 ? 500 : reply.statusCode(), error(reply.body()));
        }
    }

    /** Readies a console attach; the executor's refusal (instance not running, ...) becomes the same LXD error. */
    public void openConsole(String node, ConsoleStart start) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(base(node).resolve("/internal/console"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(start))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 201) {
            throw new LxdException(reply.statusCode() >= 500 ? 500 : reply.statusCode(), error(reply.body()));
        }
    }

    public List<String> outputs(String node, String containerId) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(outputUri(node, containerId, null)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new LxdException(500, "host-executor answered " + reply.statusCode());
        }
        return Json.MAPPER.convertValue(read(reply.body()), new TypeReference<List<String>>() {
        });
    }

    /** The recorded output file as a stream, or empty when there is none. */
    public Optional<InputStream> output(String node, String containerId, String file) {
        HttpResponse<InputStream> reply = send(HttpRequest.newBuilder(outputUri(node, containerId, file)).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (reply.statusCode() == 200) {
            return Optional.of(reply.body());
        }
        try (InputStream ignored = reply.body()) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean deleteOutput(String node, String containerId, String file) {
        return send(HttpRequest.newBuilder(outputUri(node, containerId, file)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** The console's text, streamed. */
    public InputStream consoleLog(String node, String containerId) {
        HttpResponse<InputStream> reply = send(HttpRequest.newBuilder(base(node).resolve(
                "/internal/containers/" + enc(containerId) + "/console-log")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (reply.statusCode() != 200) {
            throw new LxdException(500, "host-executor answered " + reply.statusCode());
        }
        return reply.body();
    }

    public void clearConsoleLog(String node, String containerId) {
        int status = send(HttpRequest.newBuilder(base(node).resolve("/internal/containers/" + enc(containerId)
                + "/console-log")).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new LxdException(500, "host-executor answered " + status);
        }
    }

    private URI outputUri(String node, String containerId, String file) {
        String path = "/internal/containers/" + enc(containerId) + "/exec-output";
        return base(node).resolve(file == null ? path : path + "/" + enc(file));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .header(InternalToken.HEADER, internalToken.header()).build(), handler);
        } catch (IOException e) {
            throw new LxdException(500, "host-executor unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxdException(500, "interrupted");
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new LxdException(500, "host-executor sent malformed JSON");
        }
    }

    private static String error(String body) {
        try {
            return Json.MAPPER.readTree(body).path("error").asText("host-executor refused the exec");
        } catch (IOException e) {
            return "host-executor refused the exec";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
