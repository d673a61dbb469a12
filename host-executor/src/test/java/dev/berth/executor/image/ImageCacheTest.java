package dev.berth.executor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.executor.support.ImageServer;
import dev.berth.executor.support.TestImages;
import dev.berth.imageformat.testing.TestArchive;

class ImageCacheTest {
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
    void shouldRejectTheTarballWhenItsSha256IsNotTheFingerprint() throws Exception {
        // Given
        TestImages.Tarball tarball = TestImages.busybox(tmp.resolve("img.tar.gz"), true);
        String url = server.serve("/img", tarball.file());
        String wrong = "0".repeat(64);

        // When / Then
        assertThatThrownBy(() -> cache.ensure(wrong, url)).isInstanceOf(ImageException.class)
                .hasMessageContaining("sha256 mismatch").hasMessageContaining("expected " + wrong)
                .hasMessageContaining(tarball.fingerprint());
        assertThat(cache.isCached(wrong)).isFalse();
        try (var left = Files.list(tmp.resolve("images"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldUnpackOnceKeepingLinksAndModesWhenCalledConcurrently() throws Exception {
        // Given
        TestImages.Tarball tarball = TestImages.busybox(tmp.resolve("img.tar.gz"), true);
        String url = server.serve("/img", tarball.file());
        ExecutorService pool = Executors.newFixedThreadPool(4);

        // When
        List<Future<CachedImage>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> cache.ensure(tarball.fingerprint(), url)));
        }
        CachedImage image = results.get(0).get();
        for (Future<CachedImage> r : results) {
            assertThat(r.get()).isEqualTo(image);
        }
        pool.shutdown();

        // Then
        Path rootfs = image.rootfs();
        assertThat(image.metadata()).exists();
        assertThat(Files.readSymbolicLink(rootfs.resolve("sbin/init"))).isEqualTo(Path.of("../bin/busybox"));
        assertThat(Files.getAttribute(rootfs.resolve("bin/busybox-hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:ino"));
        assertThat((int) Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:mode") & 07777).isEqualTo(0755);
        assertThat((int) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777)
                .isEqualTo(01777);
        try (var entries = Files.list(tmp.resolve("images"))) {
            assertThat(entries).containsExactly(image.dir());
        }
    }

    @Test
    void shouldRefuseAndCacheNothingWhenAnEntryEscapesTheTarget() throws Exception {
        // Given
        Path evil = Files.write(tmp.resolve("evil.tar.gz"),
                TestArchive.unified().file("rootfs/../../etc/cron.d/x", 0644, "x").bytes());
        String fingerprint = ImageDownloader.sha256Hex(evil);

        // When / Then
        assertThatThrownBy(() -> cache.ensure(fingerprint, server.serve("/evil", evil)))
                .isInstanceOf(ImageException.class).hasMessageContaining("'..'");
        try (var left = Files.list(tmp.resolve("images"))) {
            assertThat(left).isEmpty();
        }
    }
}
