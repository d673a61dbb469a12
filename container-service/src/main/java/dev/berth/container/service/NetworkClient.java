package dev.berth.container.service;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.support.auth.InternalToken;

/** network-service's IPAM, point to point over HTTP: addresses for the NICs of instances. */
@ApplicationScoped
public class NetworkClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "berth.network-service.url")
    String networkServiceUrl;

    @Inject
    InternalToken internalToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** network-service refused, or could not be reached ({@code code} 503). */
    public static final class IpamRefused extends RuntimeException {
        public final int code;

        IpamRefused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The NIC's address on {@code network}: the one it holds, or a new one. */
    public Allocation allocate(String network, AllocationRequest request) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(networkServiceUrl + "/internal/networks/"
                + encode(network) + "/allocations")).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build();
        return Json.read(send(post, "allocate an address on network \"" + network + "\""), Allocation.class);
    }

    /** Releases the addresses of one NIC, or of the whole instance when {@code device} is null. */
    public void release(String project, String instance, String device) {
        String query = "project=" + encode(project) + "&instance=" + encode(instance)
                + (device == null ? "" : "&device=" + encode(device));
        send(HttpRequest.newBuilder(URI.create(networkServiceUrl + "/internal/allocations?" + query))
                .timeout(TIMEOUT).DELETE().build(), "release the addresses of instance \"" + instance + "\"");
    }

    /** The addresses of instance {@code from} become {@code to}'s (a rename). */
    public void rename(String project, String from, String to) {
        String query = "project=" + encode(project) + "&instance=" + encode(from) + "&to=" + encode(to);
        send(HttpRequest.newBuilder(URI.create(networkServiceUrl + "/internal/allocations/rename?" + query))
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
                "move the addresses of instance \"" + from + "\" to \"" + to + "\"");
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> reply;
        try {
            reply = http.send(
                    HttpRequest.newBuilder(request, (name, value) -> true)
                            .header(InternalToken.HEADER, internalToken.header()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IpamRefused(503, "Cannot " + what + ": network-service is unreachable (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpamRefused(503, "Cannot " + what + ": interrupted");
        }
        if (reply.statusCode() / 100 == 2) {
            return reply.body();
        }
        String message = reply.body();
        try {
            JsonNode error = Json.MAPPER.readTree(reply.body());
            if (error.hasNonNull("error")) {
                message = error.get("error").asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not an LXD envelope: keep the raw body
        }
        int code = reply.statusCode() >= 500 ? 503 : reply.statusCode();
        throw new IpamRefused(code, message);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
