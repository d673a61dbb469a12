package dev.berth.image.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** A small LXD client for image-service tests: raw and multipart uploads, JSON calls, envelope checks. */
public final class ImageApi {
    private final URI base;
    /** HTTP/1.1 as LXD clients speak it; the JDK default would try an h2c upgrade first. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public ImageApi(URI base) {
        this.base = base;
    }

    /** {@code POST /1.0/images} with a raw body and extra headers (name, value, name, value...). */
    public HttpResponse<String> upload(byte[] body, String... headers) throws IOException, InterruptedException {
        return upload(() -> new java.io.ByteArrayInputStream(body), "application/octet-stream", headers);
    }

    public HttpResponse<String> upload(Supplier<InputStream> body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("1.0/images"))
                .header("Authorization", "Bearer test-internal-token")
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofInputStream(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A split upload: parts {@code metadata} then {@code rootfsName} (normally {@code rootfs}). */
    public HttpResponse<String> uploadSplit(byte[] metadata, String rootfsName, byte[] rootfs, String... headers)
            throws IOException, InterruptedException {
        String boundary = "berth-test-boundary-7f3a";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "metadata", "meta.tar.xz", metadata);
        part(body, boundary, rootfsName, "rootfs.img", rootfs);
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = body.toByteArray();
        return upload(() -> new java.io.ByteArrayInputStream(bytes), "multipart/form-data; boundary=" + boundary,
                headers);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String filename, byte[] data)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(data);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer test-internal-token").GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer test-internal-token").GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> send(String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer test-internal-token").header("Content-Type",
                        "application/json")
                .method(method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code metadata} of a sync answer with the expected HTTP status. */
    public static JsonNode sync(HttpResponse<String> response, int status) throws IOException {
        JsonNode body = envelope(response, status);
        assertThat(body.path("type").asText()).isEqualTo("sync");
        assertThat(body.path("status_code").asInt()).isEqualTo(200);
        return body.path("metadata");
    }

    /** The {@code error} of an LXD error answer with the expected status. */
    public static String error(HttpResponse<String> response, int status) throws IOException {
        JsonNode body = envelope(response, status);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error_code").asInt()).isEqualTo(status);
        return body.path("error").asText();
    }

    private static JsonNode envelope(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    public static String sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
