package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.service.UploadPart;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /1.0/images} and export against real PostgreSQL (schema image_test) and a test blob store. */
@QuarkusTest
class ImageUploadTest {
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

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        store = new StoreProbe(dataSource, config.stateDir().resolve("images"));
        builtin = readiness.builtinFingerprint().orElseThrow();
        store.resetExcept(builtin);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldExportTheIdenticalBytesWhenAUnifiedImageIsImported(Compression compression) throws Exception {
        // Given
        byte[] image = TestArchive.unified().compression(compression).bytes();
        String fingerprint = ImageApi.sha256(image);

        // When
        JsonNode created = ImageApi.sync(api.upload(image, "X-Incus-filename", "test" + compression.extension(),
                "X-Incus-public", "true", "X-Incus-properties", "os=override&extra=a%20b",
                "X-LXD-aliases", "alias=round-" + compression), 201);
        HttpResponse<byte[]> export = api.getBytes("1.0/images/" + fingerprint + "/export");

        // Then
        assertThat(created.path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(created.path("size").asText()).isEqualTo(Integer.toString(image.length));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).isEqualTo(image);
        assertThat(export.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=" + fingerprint + compression.extension());
        JsonNode stored = ImageApi.sync(api.get("1.0/images/" + fingerprint.substring(0, 10)), 200);
        assertThat(stored.path("public").asBoolean()).isTrue();
        assertThat(stored.path("filename").asText()).isEqualTo("test" + compression.extension());
        assertThat(stored.path("properties").path("os").asText()).isEqualTo("override");
        assertThat(stored.path("properties").path("extra").asText()).isEqualTo("a b");
        assertThat(stored.path("properties").path("release").asText()).isEqualTo("1");
        assertThat(stored.path("aliases").get(0).path("name").asText()).isEqualTo("round-" + compression);
        assertThat(stored.path("created_at").asText()).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void shouldExportBothPartsWhenASplitImageIsImported() throws Exception {
        // Given
        byte[] meta = TestArchive.splitMetadata().compression(Compression.XZ).bytes();
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.ZSTD).bytes();
        String fingerprint = ImageApi.sha256(meta, rootfs);

        // When
        JsonNode created = ImageApi.sync(api.uploadSplit(meta, "rootfs", rootfs, "X-Incus-fingerprint",
                fingerprint), 201);
        HttpResponse<byte[]> export = api.getBytes("1.0/images/" + fingerprint + "/export");

        // Then
        assertThat(created.path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(created.path("size").asLong()).isEqualTo(meta.length + rootfs.length);
        List<UploadPart> parts = parts(export);
        assertThat(parts).extracting(UploadPart::name).containsExactly("metadata", "rootfs");
        assertThat(parts).extracting(UploadPart::filename).containsExactly("meta-" + fingerprint + ".tar.xz",
                fingerprint + ".tar.zst");
        assertThat(parts.get(0).body().readAllBytes()).isEqualTo(meta);
        assertThat(parts.get(1).body().readAllBytes()).isEqualTo(rootfs);
        JsonNode resolved = json(api.get("internal/images/resolve?fingerprint=" + fingerprint));
        assertThat(resolved.path("rootfs_url").asText()).endsWith("/internal/images/" + fingerprint + "/rootfs");
        assertThat(api.getBytes("internal/images/" + fingerprint + "/rootfs").body()).isEqualTo(rootfs);
        assertThat(api.getBytes("internal/images/" + fingerprint + "/blob").headers()
                .firstValue("X-Berth-Rootfs-Url")).contains("/internal/images/" + fingerprint + "/rootfs");
    }

    @Test
    void shouldAcceptASquashfsRootfsWhenTheImageIsSplit() throws Exception {
        // Given
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mksquashfs")));
        byte[] meta = TestArchive.splitMetadata().bytes();
        byte[] rootfs = squashfs();
        String fingerprint = ImageApi.sha256(meta, rootfs);

        // When
        ImageApi.sync(api.uploadSplit(meta, "rootfs", rootfs), 201);
        List<UploadPart> parts = parts(api.getBytes("1.0/images/" + fingerprint + "/export"));

        // Then
        assertThat(parts.get(1).filename()).isEqualTo(fingerprint + ".squashfs");
        assertThat(parts.get(1).body().readAllBytes()).isEqualTo(rootfs);
    }

    @Test
    void shouldAnswer409NamingTheImageWhenItIsUploadedTwice() throws Exception {
        // Given
        byte[] image = TestArchive.unified().bytes();
        ImageApi.sync(api.upload(image), 201);

        // When
        HttpResponse<String> again = api.upload(image);

        // Then
        assertThat(ImageApi.error(again, 409)).isEqualTo(
                "Image with same fingerprint already exists: " + ImageApi.sha256(image));
        assertThat(store.imageRows()).isEqualTo(2);
        assertThat(store.files()).containsExactlyInAnyOrder(builtin, ImageApi.sha256(image));
    }

    static Stream<Arguments> maliciousImages() {
        return Stream.of(
                Arguments.of("dot-dot", TestArchive.unified().file("rootfs/../../etc/x", 0644, "x"), "'..'"),
                Arguments.of("absolute", TestArchive.unified().file("/etc/passwd", 0644, "x"), "absolute path"),
                Arguments.of("symlink", TestArchive.unified().symlink("rootfs/s", "../../../etc/shadow"),
                        "points outside rootfs/"),
                Arguments.of("hardlink", TestArchive.unified().hardlink("rootfs/h", "metadata.yaml"),
                        "points outside rootfs/"),
                Arguments.of("device", TestArchive.unified().charDevice("rootfs/dev/kmem"), "device node"),
                Arguments.of("bomb", TestArchive.unified().file("rootfs/zeros", 0644, new byte[12 << 20]),
                        "decompression bomb"),
                Arguments.of("truncated", TestArchive.unified().withoutEndMarker(), "truncated"),
                Arguments.of("no-metadata", TestArchive.empty().dir("rootfs/", 0755), "no metadata.yaml"),
                Arguments.of("bad-metadata", TestArchive.empty().file("metadata.yaml", 0644, "architecture: x86_64\n")
                        .dir("rootfs/", 0755), "creation_date is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maliciousImages")
    void shouldRefuseAndStoreNothingWhenTheImageIsMalicious(String name, TestArchive archive, String why)
            throws Exception {
        // When
        HttpResponse<String> response = api.upload(archive.bytes(), "X-Incus-aliases", "alias=evil-" + name);

        // Then
        assertThat(ImageApi.error(response, 400)).contains(why);
        assertNothingStored();
    }

    @Test
    void shouldRefuseAndStoreNothingWhenTheTarballIsCutShort() throws Exception {
        // When
        HttpResponse<String> response = api.upload(TestArchive.unified().file("rootfs/data", 0644,
                new byte[300_000]).compression(Compression.GZIP).truncated(0.5));

        // Then
        assertThat(ImageApi.error(response, 400)).contains("truncated");
        assertNothingStored();
    }

    @Test
    void shouldRefuseAndStoreNothingWhenTheFingerprintHeaderDiffers() throws Exception {
        // When
        HttpResponse<String> response = api.upload(TestArchive.unified().bytes(), "X-LXD-fingerprint",
                "0".repeat(64));

        // Then
        assertThat(ImageApi.error(response, 400)).startsWith("Fingerprints don't match, got ")
                .endsWith(" expected " + "0".repeat(64));
        assertNothingStored();
    }

    @Test
    void shouldRefuseWhenTheSplitImageIsAVirtualMachine() throws Exception {
        // When
        HttpResponse<String> response = api.uploadSplit(TestArchive.splitMetadata().bytes(), "rootfs.img",
                "QFI\u00fb".getBytes(StandardCharsets.ISO_8859_1));

        // Then
        assertThat(ImageApi.error(response, 400)).contains("Virtual-machine images");
        assertNothingStored();
    }

    @Test
    void shouldNameTheSourceTypeWhenJsonAsksForAnUnsupportedSource() throws Exception {
        // When
        HttpResponse<String> response = api.send("POST", "1.0/images",
                "{\"source\":{\"type\":\"url\",\"url\":\"https://example.invalid/x\"}}");

        // Then
        assertThat(ImageApi.error(response, 400)).contains("source.type \"url\"");
    }

    private void assertNothingStored() throws Exception {
        assertThat(store.imageRows()).isEqualTo(1);
        assertThat(store.files()).containsExactly(builtin);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return dev.berth.contracts.Json.MAPPER.readTree(response.body());
    }

    /** Reads a multipart export with the same parser uploads use; part bodies are copied out. */
    private static List<UploadPart> parts(HttpResponse<byte[]> export) throws Exception {
        assertThat(export.statusCode()).isEqualTo(200);
        String type = export.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/form-data");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(export.body()),
                MultipartReader.boundary(type));
        List<UploadPart> parts = new ArrayList<>();
        for (UploadPart p; (p = reader.next()) != null;) {
            parts.add(new UploadPart(p.name(), p.filename(), new ByteArrayInputStream(p.body().readAllBytes())));
        }
        return parts;
    }

    private static byte[] squashfs() throws Exception {
        Path dir = Files.createTempDirectory("sqfs");
        Files.createDirectories(dir.resolve("root/bin"));
        Files.writeString(dir.resolve("root/bin/hello"), "hello\n");
        Path image = dir.resolve("rootfs.squashfs");
        Process p = new ProcessBuilder("mksquashfs", dir.resolve("root").toString(), image.toString(), "-noappend",
                "-quiet", "-no-progress").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return Files.readAllBytes(image);
    }
}
