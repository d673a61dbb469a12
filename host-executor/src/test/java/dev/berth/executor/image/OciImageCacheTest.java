package dev.berth.executor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.executor.bundle.AppProcess;
import dev.berth.executor.support.ImageServer;
import dev.berth.imageformat.testing.TestArchive;

/**
 * Images imported from OCI: their fingerprint comes from the OCI layer digests, so the download is checked against
 * the sha256 image-service names in {@code X-Berth-Sha256}; umoci's {@code config.json} lands next to
 * {@code metadata.yaml}.
 */
class OciImageCacheTest {
    private static final String CONFIG = """
            {"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":1000,"gid":1000},
             "args":["/app/entry.sh","hello"],"env":["PATH=/bin","GREETING=hi"],"cwd":"/app"}}""";
    private static final String OCI_FINGERPRINT = "ab".repeat(32);

    @TempDir
    Path tmp;

    private ImageServer server;
    private ImageCache cache;

    @BeforeEach
    void setUp() throws Exception {
        server = new ImageServer();
        cache = new ImageCache(tmp.resolve("images"), new ImageDownloader());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void shouldCacheConfigJsonWhenTheFilesMatchTheAdvertisedSha256() throws Exception {
        // Given
        Path image = Files.write(tmp.resolve("oci.tar.gz"), TestArchive.unified().file("config.json", 0644, CONFIG)
                .bytes());
        String url = server.serveWithHeader("/oci/blob", image, ImageDownloader.SHA256_HEADER,
                ImageDownloader.sha256Hex(image));

        // When
        CachedImage cached = cache.ensure(OCI_FINGERPRINT, url);

        // Then
        assertThat(cached.dir().resolve("config.json")).hasContent(CONFIG);
        assertThat(cached.metadata()).exists();
        AppProcess app = AppProcess.of(cached.dir()).orElseThrow();
        assertThat(app.args()).containsExactly("/app/entry.sh", "hello");
        assertThat(app.env()).containsExactly("PATH=/bin", "GREETING=hi");
        assertThat(app.cwd()).isEqualTo("/app");
        assertThat(app.uid()).isEqualTo(1000);
    }

    @Test
    void shouldCacheNothingWhenTheFilesDoNotMatchTheAdvertisedSha256() throws Exception {
        // Given
        Path image = Files.write(tmp.resolve("oci.tar.gz"), TestArchive.unified().file("config.json", 0644, CONFIG)
                .bytes());
        String url = server.serveWithHeader("/oci/blob", image, ImageDownloader.SHA256_HEADER, "cd".repeat(32));

        // When / Then
        assertThatThrownBy(() -> cache.ensure(OCI_FINGERPRINT, url)).isInstanceOf(ImageException.class)
                .hasMessageContaining("expected " + "cd".repeat(32));
        assertThat(cache.isCached(OCI_FINGERPRINT)).isFalse();
    }
}
