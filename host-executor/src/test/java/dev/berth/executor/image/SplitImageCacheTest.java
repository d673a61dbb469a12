package dev.berth.executor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.executor.support.ImageServer;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.testing.TestArchive;

/** Split images (tarball and squashfs rootfs), xz, rootfs discovery by header, and garbage collection. */
class SplitImageCacheTest {
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
    void shouldUnpackBothHalvesWhenTheSpecNamesASplitImage() throws Exception {
        // Given
        Path meta = Files.write(tmp.resolve("meta.tar.xz"), TestArchive.splitMetadata().compression(Compression.XZ)
                .bytes());
        Path rootfs = Files.write(tmp.resolve("rootfs.tar.zst"), TestArchive.splitRootfs()
                .compression(Compression.ZSTD).bytes());
        String fingerprint = ImageDownloader.sha256Hex(meta, rootfs);
        ContainerSpec spec = new ContainerSpec(fingerprint, server.serve("/m", meta), server.serve("/r", rootfs),
                Map.of());

        // When
        CachedImage image = cache.ensure(spec);

        // Then
        assertThat(image.metadata()).exists();
        assertThat(image.dir().resolve("templates/hostname.tpl")).exists();
        assertThat(image.rootfs().resolve("bin/hello")).hasContent("#!/bin/sh\necho hello");
        assertThat(Files.isSymbolicLink(image.rootfs().resolve("bin/hi"))).isTrue();
    }

    @Test
    void shouldFindTheRootfsWhenOnlyTheImageUrlIsKnown() throws Exception {
        // Given: image-service names the rootfs of a split image in X-Berth-Rootfs-Url
        Path meta = Files.write(tmp.resolve("meta.tar.gz"), TestArchive.splitMetadata().bytes());
        Path rootfs = Files.write(tmp.resolve("rootfs.tar.bz2"), TestArchive.splitRootfs()
                .compression(Compression.BZIP2).bytes());
        String fingerprint = ImageDownloader.sha256Hex(meta, rootfs);
        server.serve("/images/x/rootfs", rootfs);
        String url = server.serveWithHeader("/images/x/blob", meta, ImageDownloader.ROOTFS_HEADER,
                "/images/x/rootfs");

        // When
        CachedImage image = cache.ensure(fingerprint, url);

        // Then
        assertThat(image.rootfs().resolve("etc/hostname")).hasContent("test");
    }

    @Test
    void shouldUnpackASquashfsRootfsWhenTheImageIsSplit() throws Exception {
        // Given
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mksquashfs")), "squashfs-tools is not installed");
        Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
        Files.writeString(tree.resolve("sh"), "not really a shell\n");
        Path squashfs = tmp.resolve("rootfs.squashfs");
        Process p = new ProcessBuilder("mksquashfs", tmp.resolve("tree").toString(), squashfs.toString(),
                "-noappend", "-quiet", "-no-progress").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        Path meta = Files.write(tmp.resolve("meta.tar.gz"), TestArchive.splitMetadata().bytes());
        String fingerprint = ImageDownloader.sha256Hex(meta, squashfs);

        // When
        CachedImage image = cache.ensure(fingerprint, server.serve("/m", meta), server.serve("/r", squashfs));

        // Then
        assertThat(image.rootfs().resolve("bin/sh")).hasContent("not really a shell");
    }

    @Test
    void shouldCacheNothingWhenTheSplitDigestDiffers() throws Exception {
        // Given
        Path meta = Files.write(tmp.resolve("meta.tar.gz"), TestArchive.splitMetadata().bytes());
        Path rootfs = Files.write(tmp.resolve("rootfs.tar.gz"), TestArchive.splitRootfs().bytes());
        String metaOnly = ImageDownloader.sha256Hex(meta);

        // When / Then
        assertThatThrownBy(() -> cache.ensure(metaOnly, server.serve("/m", meta), server.serve("/r", rootfs)))
                .isInstanceOf(ImageException.class).hasMessageContaining("expected " + metaOnly)
                .hasMessageContaining(ImageDownloader.sha256Hex(meta, rootfs));
        try (var left = Files.list(tmp.resolve("images"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldUnpackAnXzUnifiedImageWhenAsked() throws Exception {
        // Given
        Path image = Files.write(tmp.resolve("img.tar.xz"), TestArchive.unified().compression(Compression.XZ)
                .bytes());

        // When
        CachedImage cached = cache.ensure(ImageDownloader.sha256Hex(image), server.serve("/xz", image));

        // Then
        assertThat(cached.rootfs().resolve("bin/hello")).exists();
    }

    @Test
    void shouldCollectOnlyUnusedImagesWhenTheyAreOlderThanTheLimit() throws Exception {
        // Given: three cached images, one used by a container, one used recently
        Path a = Files.write(tmp.resolve("a.tar"), TestArchive.unified().compression(Compression.NONE).bytes());
        Path b = Files.write(tmp.resolve("b.tar.gz"), TestArchive.unified().bytes());
        Path c = Files.write(tmp.resolve("c.tar.xz"), TestArchive.unified().compression(Compression.XZ).bytes());
        CachedImage used = cache.ensure(ImageDownloader.sha256Hex(a), server.serve("/a", a));
        CachedImage stale = cache.ensure(ImageDownloader.sha256Hex(b), server.serve("/b", b));
        CachedImage fresh = cache.ensure(ImageDownloader.sha256Hex(c), server.serve("/c", c));
        Instant now = Instant.parse("2030-01-01T12:00:00Z");
        for (CachedImage old : new CachedImage[]{used, stale}) {
            Files.setLastModifiedTime(old.dir(), FileTime.from(now.minus(Duration.ofHours(2))));
        }
        Files.setLastModifiedTime(fresh.dir(), FileTime.from(now.minus(Duration.ofMinutes(5))));
        Path containers = Files.createDirectories(tmp.resolve("containers/default_c1"));
        Files.writeString(containers.resolve("spec.json"), "{\"fingerprint\":\"" + used.fingerprint()
                + "\",\"imageUrl\":\"http://x\",\"config\":{}}");
        cache.clock(Clock.fixed(now, ZoneOffset.UTC));

        // When
        var removed = cache.collect(ImagesInUse.scan(tmp.resolve("containers")), Duration.ofHours(1));

        // Then
        assertThat(removed).containsExactly(stale.fingerprint());
        assertThat(cache.isCached(used.fingerprint())).isTrue();
        assertThat(cache.isCached(fresh.fingerprint())).isTrue();
        assertThat(cache.isCached(stale.fingerprint())).isFalse();
        assertThat(cache.collect(Set.of(), Duration.ofHours(1))).containsExactly(used.fingerprint());
    }
}
