package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.TarballFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The internal REST API against the real PostgreSQL of the local stack (schema image_test). */
@QuarkusTest
class ImagesResourceTest {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };
    /** Two fake images sharing a long prefix; nothing real starts with it. */
    private static final String TWIN_PREFIX = "fffffffffffffffe";
    private static final List<String> TWINS = List.of(TWIN_PREFIX + "0".repeat(48), TWIN_PREFIX + "1".repeat(48));

    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void removeTwins() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c
                        .prepareStatement("DELETE FROM images WHERE starts_with(fingerprint, ?)")) {
            ps.setString(1, TWIN_PREFIX);
            ps.executeUpdate();
        }
    }

    @Test
    void shouldBeReadyWhenTheBuiltinImageIsRegistered() throws Exception {
        // When
        HttpResponse<String> response = get("internal/ready");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldResolveToMatchingBlobWhenAskedForAliasBusybox() throws Exception {
        // When
        Map<String, Object> resolved = json(get("internal/images/resolve?alias=busybox"), 200);

        // Then
        String fingerprint = (String) resolved.get("fingerprint");
        assertThat(fingerprint).matches("[0-9a-f]{64}");
        assertThat(resolved.get("url"))
                .isEqualTo("http://127.0.0.1:18082/internal/images/" + fingerprint + "/blob");
        assertThat(resolved.get("properties")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("os", "busybox").containsEntry("architecture", "x86_64").containsKey("release");
        HttpResponse<byte[]> blob = getBytes("internal/images/" + fingerprint + "/blob");
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(TarballFixtures.sha256(blob.body())).isEqualTo(fingerprint);
        assertThat(((Number) resolved.get("size")).longValue()).isEqualTo(blob.body().length);
    }

    @Test
    void shouldResolveWhenGivenAUniquePrefix() throws Exception {
        // Given
        String fingerprint = builtinFingerprint();

        // When
        Map<String, Object> resolved = json(get("internal/images/resolve?fingerprint=" + fingerprint.substring(0, 12)),
                200);

        // Then
        assertThat(resolved.get("fingerprint")).isEqualTo(fingerprint);
    }

    @Test
    void shouldAnswer404WhenAliasIsUnknown() throws Exception {
        // When
        HttpResponse<String> response = get("internal/images/resolve?alias=no-such-image");

        // Then
        assertThat(json(response, 404)).containsEntry("error", "Image not found").containsEntry("error_code", 404);
    }

    @Test
    void shouldAnswer404WhenNoFingerprintHasThePrefix() throws Exception {
        // When
        HttpResponse<String> response = get("internal/images/resolve?fingerprint=" + TWIN_PREFIX);

        // Then
        assertThat(json(response, 404)).containsEntry("error", "Image not found");
    }

    @Test
    void shouldAnswer400WhenPrefixIsAmbiguous() throws Exception {
        // Given
        insertTwins();

        // When
        HttpResponse<String> response = get("internal/images/resolve?fingerprint=" + TWIN_PREFIX);

        // Then
        assertThat(json(response, 400)).containsEntry("error", "Image fingerprint prefix is ambiguous");
    }

    @Test
    void shouldAnswer400WhenNeitherAliasNorFingerprintIsGiven() throws Exception {
        // When
        HttpResponse<String> response = get("internal/images/resolve");

        // Then
        assertThat(json(response, 400)).containsKey("error");
    }

    @Test
    void shouldStreamTheStoredBytesWhenBlobIsRequested() throws Exception {
        // Given
        String fingerprint = builtinFingerprint();
        byte[] stored = Files.readAllBytes(config.stateDir().resolve("images").resolve(fingerprint));

        // When
        HttpResponse<byte[]> blob = getBytes("internal/images/" + fingerprint + "/blob");

        // Then
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo(stored);
        assertThat(blob.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(blob.headers().firstValueAsLong("Content-Length")).hasValue(stored.length);
        assertThat(blob.headers().firstValue("X-Berth-Fingerprint")).contains(fingerprint);
    }

    @Test
    void shouldAnswer404WhenBlobOfUnknownImageIsRequested() throws Exception {
        // When
        HttpResponse<String> response = get("internal/images/" + "e".repeat(64) + "/blob");

        // Then
        assertThat(json(response, 404)).containsEntry("error", "Image not found");
    }

    @Test
    void shouldDescribeImageInLxdShapeWhenFetchedByPrefix() throws Exception {
        // Given
        String fingerprint = builtinFingerprint();

        // When
        Map<String, Object> image = json(get("internal/images/" + fingerprint.substring(0, 8)), 200);

        // Then
        assertThat(image).containsEntry("fingerprint", fingerprint).containsEntry("type", "container")
                .containsEntry("architecture", "x86_64").containsEntry("public", false)
                .containsEntry("auto_update", false).containsEntry("cached", false)
                .containsEntry("profiles", List.of("default")).containsEntry("project", "default")
                .containsEntry("expires_at", "0001-01-01T00:00:00Z").doesNotContainKey("update_source")
                .containsEntry("aliases", List.of(Map.of("name", "busybox", "description", "")))
                .containsKeys("filename", "size", "properties", "created_at", "last_used_at", "uploaded_at");
    }

    @Test
    void shouldListTheBuiltinImageWhenImagesAreListed() throws Exception {
        // When
        HttpResponse<String> response = get("internal/images");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> images = Json.MAPPER.readValue(response.body(), LIST);
        assertThat(images).extracting(i -> i.get("fingerprint")).contains(builtinFingerprint());
    }

    @Test
    void shouldDescribeAliasWhenItExists() throws Exception {
        // When
        Map<String, Object> alias = json(get("internal/aliases/busybox"), 200);

        // Then
        assertThat(alias).containsExactlyInAnyOrderEntriesOf(Map.of("name", "busybox", "description", "",
                "target", builtinFingerprint(), "type", "container"));
    }

    @Test
    void shouldAnswer404WhenAliasRecordIsMissing() throws Exception {
        // When
        HttpResponse<String> response = get("internal/aliases/no-such-alias");

        // Then
        assertThat(json(response, 404)).containsKey("error");
    }

    private String builtinFingerprint() throws Exception {
        return (String) json(get("internal/images/resolve?alias=busybox"), 200).get("fingerprint");
    }

    private void insertTwins() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO images (fingerprint, filename, size,"
                        + " architecture, type, properties, created_at, uploaded_at)"
                        + " VALUES (?, 'twin.tar.gz', 1, 'x86_64', 'container', '{}', now(), now())")) {
            for (String twin : TWINS) {
                ps.setString(1, twin);
                ps.executeUpdate();
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer test-internal-token").GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer test-internal-token").GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        return Json.MAPPER.readValue(response.body(), OBJECT);
    }

}
