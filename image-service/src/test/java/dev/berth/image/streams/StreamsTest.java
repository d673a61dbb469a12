package dev.berth.image.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** image-service as a simplestreams server: index.json, images.json and the files they name, public images only. */
@QuarkusTest
class StreamsTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;
    @Inject
    Readiness readiness;

    private ImageApi api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        new StoreProbe(dataSource, config.stateDir().resolve("images"))
                .resetExcept(readiness.builtinFingerprint().orElseThrow());
    }

    @Test
    void shouldDescribeUnifiedAndSplitImagesWhenTheyArePublic() throws Exception {
        // Given
        byte[] unified = TestArchive.unified().bytes();
        byte[] meta = TestArchive.splitMetadata().compression(Compression.XZ).bytes();
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.GZIP).bytes();
        byte[] hidden = TestArchive.unified().compression(Compression.XZ).bytes();
        ImageApi.sync(api.upload(unified, "X-Incus-public", "true", "X-Incus-aliases", "alias=ss-one&alias=ss-two"),
                201);
        ImageApi.sync(api.uploadSplit(meta, "rootfs", rootfs, "X-Incus-public", "true", "X-Incus-aliases",
                "alias=ss-split"), 201);
        ImageApi.sync(api.upload(hidden, "X-Incus-aliases", "alias=ss-private"), 201);

        // When
        JsonNode index = Json.MAPPER.readTree(api.get("streams/v1/index.json").body());
        JsonNode products = Json.MAPPER.readTree(api.get("streams/v1/images.json").body());

        // Then
        assertThat(index.path("format").asText()).isEqualTo("index:1.0");
        JsonNode entry = index.path("index").path("images");
        assertThat(entry.path("datatype").asText()).isEqualTo("image-downloads");
        assertThat(entry.path("path").asText()).isEqualTo("streams/v1/images.json");
        assertThat(entry.path("format").asText()).isEqualTo("products:1.0");
        assertThat(products.path("content_id").asText()).isEqualTo("images");
        assertThat(products.path("datatype").asText()).isEqualTo("image-downloads");
        assertThat(products.path("format").asText()).isEqualTo("products:1.0");
        List<String> keys = new ArrayList<>();
        products.path("products").fieldNames().forEachRemaining(keys::add);
        assertThat(entry.path("products")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(keys).hasSize(2).contains("testos:1:x86_64:default");
        assertThat(products.toString()).doesNotContain("ss-private", ImageApi.sha256(hidden));

        JsonNode one = product(products, "ss-one,ss-two");
        assertThat(one.path("arch").asText()).isEqualTo("x86_64");
        assertThat(one.path("os").asText()).isEqualTo("testos");
        assertThat(one.path("release").asText()).isEqualTo("1");
        assertThat(one.path("variant").asText()).isEqualTo("default");
        JsonNode versions = one.path("versions");
        assertThat(versions.fieldNames().next()).isEqualTo("202311142213");
        JsonNode items = versions.path("202311142213").path("items");
        String fp = ImageApi.sha256(unified);
        for (String ftype : List.of("incus_combined.tar.gz", "lxd_combined.tar.gz")) {
            JsonNode item = items.path(ftype);
            assertThat(item.path("ftype").asText()).isEqualTo(ftype);
            assertThat(item.path("sha256").asText()).isEqualTo(fp);
            assertThat(item.path("size").asLong()).isEqualTo(unified.length);
            assertThat(item.path("path").asText()).isEqualTo("images/" + fp + "/" + fp + ".tar.gz");
        }

        JsonNode split = product(products, "ss-split").path("versions").elements().next().path("items");
        String splitFp = ImageApi.sha256(meta, rootfs);
        for (String ftype : List.of("incus.tar.xz", "lxd.tar.xz")) {
            JsonNode item = split.path(ftype);
            assertThat(item.path("sha256").asText()).isEqualTo(ImageApi.sha256(meta));
            assertThat(item.path("size").asLong()).isEqualTo(meta.length);
            assertThat(item.path("combined_rootxz_sha256").asText()).isEqualTo(splitFp);
            assertThat(item.path("combined_sha256").asText()).isEqualTo(splitFp);
            assertThat(item.has("combined_squashfs_sha256")).isFalse();
            assertThat(item.path("path").asText()).isEqualTo("images/" + splitFp + "/meta-" + splitFp + ".tar.xz");
        }
        JsonNode root = split.path("root.tar.xz");
        assertThat(root.path("ftype").asText()).isEqualTo("root.tar.xz");
        assertThat(root.path("sha256").asText()).isEqualTo(ImageApi.sha256(rootfs));
        assertThat(root.path("size").asLong()).isEqualTo(rootfs.length);
        assertThat(root.path("path").asText()).isEqualTo("images/" + splitFp + "/" + splitFp + ".tar.gz");
    }

    @Test
    void shouldServeTheExactBytesWhenAnItemPathIsFetched() throws Exception {
        // Given
        byte[] meta = TestArchive.splitMetadata().bytes();
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.XZ).bytes();
        ImageApi.sync(api.uploadSplit(meta, "rootfs", rootfs, "X-Incus-public", "true", "X-Incus-aliases",
                "alias=ss-files"), 201);
        JsonNode items = product(Json.MAPPER.readTree(api.get("streams/v1/images.json").body()), "ss-files")
                .path("versions").elements().next().path("items");

        // When
        byte[] gotMeta = api.getBytes(items.path("incus.tar.xz").path("path").asText()).body();
        byte[] gotRoot = api.getBytes(items.path("root.tar.xz").path("path").asText()).body();

        // Then
        assertThat(gotMeta).isEqualTo(meta);
        assertThat(gotRoot).isEqualTo(rootfs);
    }

    @Test
    void shouldAnswer404WhenAFileOfAPrivateImageIsAsked() throws Exception {
        // Given
        byte[] image = TestArchive.unified().bytes();
        String fp = ImageApi.sha256(image);
        ImageApi.sync(api.upload(image), 201);

        // When
        var response = api.get("images/" + fp + "/" + fp + ".tar.gz");

        // Then
        assertThat(ImageApi.error(response, 404)).isEqualTo("Image file not found");
    }

    static JsonNode product(JsonNode products, String aliases) {
        for (JsonNode product : products.path("products")) {
            if (product.path("aliases").asText().equals(aliases)) {
                return product;
            }
        }
        throw new AssertionError("no product with aliases " + aliases + " in " + products);
    }
}
