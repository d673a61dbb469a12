package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /1.0/images}, {@code GET/PUT/PATCH/DELETE /1.0/images/{fp}} in LXD shape. */
@QuarkusTest
class ImagesApiTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;
    @Inject
    Readiness readiness;

    private ImageApi api;
    private StoreProbe store;
    private String builtin;
    private String image;

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        builtin = readiness.builtinFingerprint().orElseThrow();
        store = new StoreProbe(dataSource, config.stateDir().resolve("images"));
        store.resetExcept(builtin);
        image = ImageApi.sync(api.upload(TestArchive.unified().bytes(), "X-Incus-aliases", "alias=mine"), 201)
                .path("fingerprint").asText();
    }

    @Test
    void shouldListUrlsOrRecordsWhenAskedForRecursion() throws Exception {
        // When
        JsonNode urls = ImageApi.sync(api.get("1.0/images"), 200);
        JsonNode records = ImageApi.sync(api.get("1.0/images?recursion=1&project=default"), 200);

        // Then
        assertThat(urls.toString()).contains("\"/1.0/images/" + image + "\"", "\"/1.0/images/" + builtin + "\"");
        JsonNode mine = records.findParents("fingerprint").stream()
                .filter(r -> r.path("fingerprint").asText().equals(image)).findFirst().orElseThrow();
        assertThat(mine.path("type").asText()).isEqualTo("container");
        assertThat(mine.path("architecture").asText()).isEqualTo("x86_64");
        assertThat(mine.path("size").asLong()).isPositive();
        assertThat(mine.path("aliases").get(0).path("name").asText()).isEqualTo("mine");
        assertThat(mine.has("update_source")).isFalse();
        assertThat(ImageApi.error(api.get("1.0/images?project=other"), 404)).isEqualTo("Project not found");
    }

    @Test
    void shouldAnswer404WhenUnknownAnd400WhenThePrefixIsAmbiguous() throws Exception {
        // Given: two rows sharing a long prefix that nothing real starts with
        String prefix = "fffffffffffffffe";
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("INSERT INTO images (fingerprint,"
                        + " filename, size, architecture, type, properties, created_at, uploaded_at)"
                        + " VALUES (?, 'twin', 1, 'x86_64', 'container', '{}', now(), now())")) {
            for (String tail : new String[]{"0", "1"}) {
                ps.setString(1, prefix + tail.repeat(48));
                ps.executeUpdate();
            }
        }

        // When / Then
        assertThat(ImageApi.error(api.get("1.0/images/" + "e".repeat(64)), 404)).isEqualTo("Image not found");
        assertThat(ImageApi.error(api.get("1.0/images/" + prefix), 400))
                .isEqualTo("Image fingerprint prefix is ambiguous");
        assertThat(ImageApi.sync(api.get("1.0/images/" + image.substring(0, 16)), 200).path("fingerprint")
                .asText()).isEqualTo(image);
    }

    @Test
    void shouldReplaceWithPutAndMergeWithPatchWhenEditing() throws Exception {
        // When
        ImageApi.sync(api.send("PUT", "1.0/images/" + image, "{\"public\":true,\"auto_update\":false,"
                + "\"properties\":{\"os\":\"put\"},\"expires_at\":\"2030-01-01T00:00:00Z\",\"profiles\":[\"default\"]}"),
                200);
        JsonNode put = ImageApi.sync(api.get("1.0/images/" + image), 200);
        ImageApi.sync(api.send("PATCH", "1.0/images/" + image, "{\"properties\":{\"extra\":\"1\"}}"), 200);
        JsonNode patched = ImageApi.sync(api.get("1.0/images/" + image), 200);

        // Then
        assertThat(put.path("public").asBoolean()).isTrue();
        assertThat(put.path("properties").size()).isEqualTo(1);
        assertThat(put.path("expires_at").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(patched.path("properties").path("os").asText()).isEqualTo("put");
        assertThat(patched.path("properties").path("extra").asText()).isEqualTo("1");
        assertThat(patched.path("public").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseAutoUpdateAndStaleETagsWhenEditing() throws Exception {
        // Given
        String etag = api.get("1.0/images/" + image).headers().firstValue("ETag").orElseThrow();
        ImageApi.sync(api.send("PATCH", "1.0/images/" + image, "{\"public\":true}"), 200);

        // When
        var autoUpdate = api.send("PATCH", "1.0/images/" + image, "{\"auto_update\":true}");
        var stale = api.send("PUT", "1.0/images/" + image, "{\"public\":false}", "If-Match", etag);

        // Then
        assertThat(ImageApi.error(autoUpdate, 400)).contains("auto_update");
        assertThat(ImageApi.error(stale, 412)).startsWith("ETag doesn't match");
    }

    @Test
    void shouldDeleteTheRowAliasesAndBlobWhenDeleted() throws Exception {
        // When
        var deleted = api.send("DELETE", "1.0/images/" + image.substring(0, 20), null);

        // Then
        ImageApi.sync(deleted, 200);
        assertThat(api.get("1.0/images/" + image).statusCode()).isEqualTo(404);
        assertThat(api.get("1.0/images/aliases/mine").statusCode()).isEqualTo(404);
        assertThat(store.files()).containsExactly(builtin);
        assertThat(store.imageRows()).isEqualTo(1);
    }
}
