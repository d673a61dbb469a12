package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.service.TarballFixtures;
import dev.berth.image.support.ImageApi;
import dev.berth.imageformat.testing.OciArchives;
import dev.berth.imageformat.testing.OciArchives.Layout;
import dev.berth.imageformat.testing.OciArchives.Settings;
import dev.berth.image.support.StoreProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** OCI layouts and docker-archives uploaded to {@code POST /1.0/images} become application images (real skopeo/umoci). */
@QuarkusTest
class OciImportTest {
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
    @ValueSource(strings = {"oci", "docker", "docker.gz"})
    void shouldStoreAnApplicationImageWhenAnOciArchiveIsUploaded(String kind) throws Exception {
        // Given
        OciArchives archives = new OciArchives();
        Layout layout = kind.equals("oci") ? archives.ociLayout("1.0") : archives.dockerArchive("berth/app:1.0");
        byte[] upload = kind.endsWith(".gz") ? OciArchives.gzip(layout.bytes()) : layout.bytes();

        // When
        JsonNode created = ImageApi.sync(api.upload(upload, "X-LXD-aliases", "alias=app-" + kind), 201);
        String fingerprint = created.path("fingerprint").asText();
        JsonNode image = ImageApi.sync(api.get("1.0/images/" + fingerprint), 200);
        HttpResponse<byte[]> export = api.getBytes("1.0/images/" + fingerprint + "/export");
        HttpResponse<byte[]> blob = api.getBytes("internal/images/" + fingerprint + "/blob");

        // Then: Incus' fingerprint formula over the source's layer digests, plus the config digest
        assertThat(fingerprint).isEqualTo(layout.fingerprint());
        assertThat(layout.layerDigests()).hasSize(2);
        JsonNode properties = image.path("properties");
        assertThat(properties.path("type").asText()).isEqualTo("oci");
        assertThat(properties.path("description").asText())
                .isEqualTo((kind.equals("oci") ? "1.0" : "berth/app:1.0") + " (OCI)");
        assertThat(image.path("architecture").asText()).isEqualTo("x86_64");
        assertThat(image.path("created_at").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(image.path("aliases").get(0).path("name").asText()).isEqualTo("app-" + kind);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo(export.body());
        assertThat(blob.headers().firstValue("X-Berth-Sha256")).contains(OciArchives.sha256(export.body()));
        assertThat(export.body()).hasSize(image.path("size").asInt());

        Map<String, TarballFixtures.Read> files = TarballFixtures.read(export.body());
        assertThat(new String(files.get("metadata.yaml").content())).contains("type: \"oci\"");
        JsonNode process = Json.MAPPER.readTree(files.get("config.json").content()).path("process");
        assertThat(strings(process.path("args"))).containsExactly("/app/entry.sh", "hello", "world");
        assertThat(strings(process.path("env"))).contains("PATH=/bin", "GREETING=hi");
        assertThat(process.path("cwd").asText()).isEqualTo("/app");
        assertThat(process.path("user").path("uid").asInt()).isEqualTo(1000);
        assertThat(process.path("user").path("gid").asInt()).isEqualTo(1000);
        assertThat(process.path("terminal").asBoolean(true)).isFalse();
        assertThat(files.get("rootfs/bin/busybox").entry().getSize()).isPositive();
        assertThat(new String(files.get("rootfs/app/entry.sh").content())).isEqualTo(OciArchives.ENTRY_SCRIPT);
        assertThat(files.get("rootfs/app/entry.sh").entry().getLongUserId()).isEqualTo(1000);
        assertThat(files.get("rootfs/bin/sh").entry().getLinkName()).isEqualTo("busybox");
        assertThat(files).containsKey("rootfs/data/added").doesNotContainKey("rootfs/etc/removed")
                .doesNotContainKey("rootfs/etc/.wh.removed");
        assertThat(store.files()).containsExactlyInAnyOrder(builtin, fingerprint);
    }

    @Test
    void shouldGiveADifferentFingerprintWhenOnlyTheConfigDiffers() throws Exception {
        // Given: the same layers, another entrypoint (Incus' layers-only formula would collide here)
        Settings other = new Settings(List.of("/bin/sh", "-c"), List.of("echo other"), List.of("PATH=/bin"), "/",
                "0:0");
        Layout first = new OciArchives().ociLayout("1.0");
        Layout second = new OciArchives(other, OciArchives.ENTRY_SCRIPT).ociLayout("1.0");

        // When
        String a = ImageApi.sync(api.upload(first.bytes()), 201).path("fingerprint").asText();
        String b = ImageApi.sync(api.upload(second.bytes()), 201).path("fingerprint").asText();
        String again = ImageApi.error(api.upload(first.bytes()), 409);

        // Then
        assertThat(first.layerDigests()).isEqualTo(second.layerDigests());
        assertThat(a).isNotEqualTo(b);
        assertThat(again).contains(a);
        assertThat(store.files()).containsExactlyInAnyOrder(builtin, a, b);
    }

    @Test
    void shouldAnswer400AndKeepNothingWhenALayerDoesNotMatchItsDigest() throws Exception {
        // Given: one byte of a layer blob flipped after the layout was written
        byte[] archive = new OciArchives().ociLayout("1.0").bytes();
        int at = indexOf(archive, new byte[]{0x1f, (byte) 0x8b, 8}) + 40;
        archive[at] ^= 0x55;

        // When
        String error = ImageApi.error(api.upload(archive), 400);

        // Then
        assertThat(error).startsWith("Invalid OCI image: skopeo copy failed");
        assertThat(store.files()).containsExactly(builtin);
        assertThat(store.imageRows()).isEqualTo(1);
    }

    @Test
    void shouldAnswer400WhenTheDockerManifestNamesAMissingConfig() throws Exception {
        // Given
        byte[] archive = new OciArchives().dockerArchive("berth/app:1.0").bytes();
        String config = new String(archive, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = config.indexOf("\"Config\":\"") + 10;
        archive[at] = (byte) (archive[at] == 'a' ? 'b' : 'a');

        // When
        String error = ImageApi.error(api.upload(archive), 400);

        // Then
        assertThat(error).startsWith("Invalid OCI image: the image config").contains("is missing");
        assertThat(store.files()).containsExactly(builtin);
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
