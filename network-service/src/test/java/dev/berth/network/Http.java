package dev.berth.network;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** A small JSON client for the service under test. */
public final class Http {
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    /** The answer's status, headers and parsed body. */
    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {

        public String error() {
            return body.path("error").asText();
        }

        public JsonNode metadata() {
            return body.path("metadata");
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer send(String method, String path, Object body, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-internal-token");
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r, Json.MAPPER.readTree(r.body().isEmpty() ? "null" : r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
