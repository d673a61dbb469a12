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
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /1.0/images/aliases}: create, read, replace, patch, rename, delete, with names that hold a slash. */
@QuarkusTest
class ImageAliasesTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;
    @Inject
    Readiness readiness;

    private ImageApi api;
    private String image;
    private String other;

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        String builtin = readiness.builtinFingerprint().orElseThrow();
        new StoreProbe(dataSource, config.stateDir().resolve("images")).resetExcept(builtin);
        image = ImageApi.sync(api.upload(TestArchive.unified().bytes()), 201).path("fingerprint").asText();
        other = ImageApi.sync(api.upload(TestArchive.unified().compression(Compression.XZ).bytes()), 201)
                .path("fingerprint").asText();
    }

    @Test
    void shouldCreateReadListAndDeleteWhenTheNameHoldsASlash() throws Exception {
        // When
        var created = api.send("POST", "1.0/images/aliases",
                "{\"name\":\"debian/12\",\"target\":\"" + image.substring(0, 12) + "\",\"description\":\"d\"}");
        JsonNode entry = ImageApi.sync(api.get("1.0/images/aliases/debian%2F12"), 200);
        JsonNode urls = ImageApi.sync(api.get("1.0/images/aliases"), 200);
        JsonNode full = ImageApi.sync(api.get("1.0/images/aliases?recursion=1"), 200);
        var deleted = api.send("DELETE", "1.0/images/aliases/debian%2F12", null);

        // Then
        ImageApi.sync(created, 201);
        assertThat(created.headers().firstValue("Location")).contains("/1.0/images/aliases/debian%2F12");
        assertThat(entry.path("name").asText()).isEqualTo("debian/12");
        assertThat(entry.path("target").asText()).isEqualTo(image);
        assertThat(entry.path("description").asText()).isEqualTo("d");
        assertThat(entry.path("type").asText()).isEqualTo("container");
        assertThat(urls.toString()).contains("\"/1.0/images/aliases/debian%2F12\"", "\"/1.0/images/aliases/busybox\"");
        assertThat(full.findValuesAsText("name")).contains("debian/12", "busybox");
        ImageApi.sync(deleted, 200);
        assertThat(ImageApi.error(api.get("1.0/images/aliases/debian%2F12"), 404)).isEqualTo("Image alias not found");
    }

    @Test
    void shouldAnswer409WhenTheAliasExistsAnd404WhenTheTargetIsUnknown() throws Exception {
        // Given
        ImageApi.sync(api.send("POST", "1.0/images/aliases", "{\"name\":\"a\",\"target\":\"" + image + "\"}"), 201);

        // When
        var duplicate = api.send("POST", "1.0/images/aliases", "{\"name\":\"a\",\"target\":\"" + other + "\"}");
        var unknown = api.send("POST", "1.0/images/aliases", "{\"name\":\"b\",\"target\":\"" + "e".repeat(64) + "\"}");
        var missing = api.send("POST", "1.0/images/aliases", "{\"name\":\"c\"}");

        // Then
        assertThat(ImageApi.error(duplicate, 409)).isEqualTo("Alias \"a\" already exists");
        assertThat(ImageApi.error(unknown, 404)).isEqualTo("Image not found");
        assertThat(ImageApi.error(missing, 400)).isEqualTo("name and target are required");
    }

    @Test
    void shouldReplacePatchAndRenameWhenAsked() throws Exception {
        // Given
        ImageApi.sync(api.send("POST", "1.0/images/aliases",
                "{\"name\":\"x\",\"target\":\"" + image + "\",\"description\":\"first\"}"), 201);

        // When
        ImageApi.sync(api.send("PUT", "1.0/images/aliases/x", "{\"target\":\"" + other + "\"}"), 200);
        JsonNode replaced = ImageApi.sync(api.get("1.0/images/aliases/x"), 200);
        ImageApi.sync(api.send("PATCH", "1.0/images/aliases/x", "{\"description\":\"patched\"}"), 200);
        JsonNode patched = ImageApi.sync(api.get("1.0/images/aliases/x"), 200);
        var renamed = api.send("POST", "1.0/images/aliases/x", "{\"name\":\"y/z\"}");

        // Then
        assertThat(replaced.path("target").asText()).isEqualTo(other);
        assertThat(replaced.path("description").asText()).isEmpty();
        assertThat(patched.path("target").asText()).isEqualTo(other);
        assertThat(patched.path("description").asText()).isEqualTo("patched");
        ImageApi.sync(renamed, 201);
        assertThat(renamed.headers().firstValue("Location")).contains("/1.0/images/aliases/y%2Fz");
        assertThat(ImageApi.sync(api.get("1.0/images/aliases/y%2Fz"), 200).path("target").asText()).isEqualTo(other);
        assertThat(api.get("1.0/images/aliases/x").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer412WhenTheETagIsStale() throws Exception {
        // Given
        ImageApi.sync(api.send("POST", "1.0/images/aliases", "{\"name\":\"e\",\"target\":\"" + image + "\"}"), 201);
        String etag = api.get("1.0/images/aliases/e").headers().firstValue("ETag").orElseThrow();
        ImageApi.sync(api.send("PATCH", "1.0/images/aliases/e", "{\"description\":\"changed\"}"), 200);

        // When
        var stale = api.send("PUT", "1.0/images/aliases/e", "{\"target\":\"" + other + "\"}", "If-Match", etag);

        // Then
        assertThat(ImageApi.error(stale, 412)).startsWith("ETag doesn't match");
    }

    @Test
    void shouldAnswer409WhenRenamingOntoAnExistingAlias() throws Exception {
        // Given
        ImageApi.sync(api.send("POST", "1.0/images/aliases", "{\"name\":\"p\",\"target\":\"" + image + "\"}"), 201);

        // When
        var clash = api.send("POST", "1.0/images/aliases/p", "{\"name\":\"busybox\"}");

        // Then
        assertThat(ImageApi.error(clash, 409)).isEqualTo("Alias \"busybox\" already exists");
    }
}
