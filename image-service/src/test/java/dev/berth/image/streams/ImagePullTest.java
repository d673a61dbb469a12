package dev.berth.image.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StaticHttpServer;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /internal/images/pull}: the remote is a loopback server holding what this image-service published
 * ({@code index.json}, {@code images.json} and the item files), after which the local copies are removed.
 */
@QuarkusTest
class ImagePullTest {
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
    private StaticHttpServer remote;

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        store = new StoreProbe(dataSource, config.stateDir().resolve("images"));
        builtin = readiness.builtinFingerprint().orElseThrow();
        store.resetExcept(builtin);
        remote = new StaticHttpServer();
    }

    @AfterEach
    void tearDown() {
        remote.close();
    }

    @Test
    void shouldStoreTheImageAsCachedWhenAUnifiedImageIsPulledByAlias() throws Exception {
        // Given
        byte[] image = TestArchive.unified().compression(Compression.XZ).bytes();
        String fp = ImageApi.sha256(image);
        ImageApi.sync(api.upload(image, "X-Incus-public", "true", "X-Incus-aliases", "alias=pull-me"), 201);
        publishAndForget();

        // When
        HttpResponse<String> response = pull("{\"server\":\"" + remote.uri() + "\",\"protocol\":\"simplestreams\","
                + "\"alias\":\"pull-me\"}");

        // Then
        JsonNode resolved = json(response, 200);
        assertThat(resolved.path("fingerprint").asText()).isEqualTo(fp);
        assertThat(resolved.path("url").asText()).endsWith("/internal/images/" + fp + "/blob");
        assertThat(resolved.path("properties").path("os").asText()).isEqualTo("testos");
        assertThat(api.getBytes("internal/images/" + fp + "/blob").body()).isEqualTo(image);
        assertThat(source(fp)).containsExactly(remote.uri().toString(), "simplestreams", "pull-me");
        JsonNode stored = ImageApi.sync(api.get("1.0/images/" + fp), 200);
        assertThat(stored.path("public").asBoolean()).isFalse();
        assertThat(stored.path("aliases")).isEmpty();
        assertThat(stored.path("cached").asBoolean()).isTrue();
        JsonNode source = stored.path("update_source");
        assertThat(source.path("server").asText()).isEqualTo(remote.uri().toString());
        assertThat(source.path("protocol").asText()).isEqualTo("simplestreams");
        assertThat(source.path("alias").asText()).isEqualTo("pull-me");
        assertThat(source.path("image_type").asText()).isEqualTo("container");
    }

    @Test
    void shouldStoreBothFilesWhenASplitImageIsPulledByFingerprintPrefix() throws Exception {
        // Given
        byte[] meta = TestArchive.splitMetadata().compression(Compression.XZ).bytes();
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.ZSTD).bytes();
        String fp = ImageApi.sha256(meta, rootfs);
        ImageApi.sync(api.uploadSplit(meta, "rootfs", rootfs, "X-Incus-public", "true"), 201);
        publishAndForget();

        // When
        HttpResponse<String> response = pull("{\"server\":\"" + remote.uri() + "\",\"fingerprint\":\""
                + fp.substring(0, 12) + "\"}");

        // Then
        JsonNode resolved = json(response, 200);
        assertThat(resolved.path("fingerprint").asText()).isEqualTo(fp);
        assertThat(resolved.path("rootfs_url").asText()).endsWith("/internal/images/" + fp + "/rootfs");
        assertThat(api.getBytes("internal/images/" + fp + "/blob").body()).isEqualTo(meta);
        assertThat(api.getBytes("internal/images/" + fp + "/rootfs").body()).isEqualTo(rootfs);
        assertThat(source(fp)).containsExactly(remote.uri().toString(), "simplestreams", "");
    }

    @Test
    void shouldAnswerWithTheLocalImageWhenItIsStoredAlready() throws Exception {
        // Given
        byte[] image = TestArchive.unified().bytes();
        String fp = ImageApi.sha256(image);
        ImageApi.sync(api.upload(image, "X-Incus-public", "true", "X-Incus-aliases", "alias=here"), 201);
        remote.put("streams/v1/index.json", api.getBytes("streams/v1/index.json").body());
        remote.put("streams/v1/images.json", api.getBytes("streams/v1/images.json").body());

        // When
        HttpResponse<String> response = pull("{\"server\":\"" + remote.uri() + "\",\"alias\":\"here\"}");

        // Then
        assertThat(json(response, 200).path("fingerprint").asText()).isEqualTo(fp);
        assertThat(source(fp)).isEmpty();
        JsonNode stored = ImageApi.sync(api.get("1.0/images/" + fp), 200);
        assertThat(stored.path("cached").asBoolean()).isFalse();
        assertThat(stored.has("update_source")).isFalse();
    }

    @Test
    void shouldAnswer404WhenTheServerHasNoSuchAlias() throws Exception {
        // Given
        ImageApi.sync(api.upload(TestArchive.unified().bytes(), "X-Incus-public", "true"), 201);
        publishAndForget();

        // When
        HttpResponse<String> response = pull("{\"server\":\"" + remote.uri() + "\",\"alias\":\"nope\"}");

        // Then
        assertThat(ImageApi.error(response, 404))
                .isEqualTo("Image alias \"nope\" not found on image server " + remote.uri());
    }

    @Test
    void shouldAnswer503WhenTheServerIsUnreachable() throws Exception {
        // Given
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // When
        HttpResponse<String> response = pull("{\"server\":\"http://127.0.0.1:" + port + "\",\"alias\":\"x\"}");

        // Then
        assertThat(ImageApi.error(response, 503)).startsWith("Image server http://127.0.0.1:" + port
                + " is unreachable");
    }

    @Test
    void shouldAnswer400AndStoreNothingWhenAFileDoesNotMatchItsSha256() throws Exception {
        // Given
        byte[] image = TestArchive.unified().bytes();
        String fp = ImageApi.sha256(image);
        ImageApi.sync(api.upload(image, "X-Incus-public", "true", "X-Incus-aliases", "alias=tampered"), 201);
        List<String> paths = publishAndForget();
        byte[] other = TestArchive.unified().compression(Compression.BZIP2).bytes();
        paths.forEach(p -> remote.put(p, other));

        // When
        HttpResponse<String> response = pull("{\"server\":\"" + remote.uri() + "\",\"alias\":\"tampered\"}");

        // Then
        assertThat(ImageApi.error(response, 400)).startsWith("Size mismatch for " + remote.uri());
        assertThat(store.imageRows()).isEqualTo(1);
        assertThat(store.files()).containsExactly(builtin);
        assertThat(api.get("internal/images/" + fp).statusCode()).isEqualTo(404);
    }

    /** Copies this service's simplestreams tree to the remote, then removes every image but the built-in one. */
    private List<String> publishAndForget() throws Exception {
        byte[] products = api.getBytes("streams/v1/images.json").body();
        remote.put("streams/v1/index.json", api.getBytes("streams/v1/index.json").body());
        remote.put("streams/v1/images.json", products);
        List<String> paths = new ArrayList<>();
        for (JsonNode product : Json.MAPPER.readTree(products).path("products")) {
            for (JsonNode version : product.path("versions")) {
                for (JsonNode item : version.path("items")) {
                    String path = item.path("path").asText();
                    remote.put(path, api.getBytes(path).body());
                    paths.add(path);
                }
            }
        }
        store.resetExcept(builtin);
        return paths;
    }

    private HttpResponse<String> pull(String body) throws Exception {
        return api.send("POST", "internal/images/pull", body);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    /** server, protocol, alias of the image's source row; empty when it was not pulled. */
    private List<String> source(String fingerprint) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT server, protocol, alias FROM image_sources WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? List.of(rs.getString(1), rs.getString(2), rs.getString(3)) : List.of();
            }
        }
    }
}
