package dev.berth.executor.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnifiedImagePackerTest {
    @TempDir
    Path tmp;

    @Test
    void shouldPackMetadataTemplatesAndRootfsWithLinksWhenPublishing() throws Exception {
        // Given an image dir with metadata and a template, and a rootfs with a symlink and a hard link
        Path image = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(image.resolve("metadata.yaml"), "architecture: x86_64\ncreation_date: 1\n"
                + "properties:\n  os: busybox\n  description: old\ntemplates:\n  /etc/hostname:\n"
                + "    when: [create]\n    template: hostname.tpl\n");
        Files.createDirectories(image.resolve("templates"));
        Files.writeString(image.resolve("templates/hostname.tpl"), "{{ instance.name }}\n");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.createLink(rootfs.resolve("hosts.bak"), rootfs.resolve("hosts"));
        Files.createSymbolicLink(rootfs.resolve("mtab"), Path.of("/proc/mounts"));

        // When it is packed with a new property
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnifiedImagePacker.pack(tmp.resolve("rootfs"), image, Map.of("description", "new"), "xz",
                Instant.ofEpochSecond(1_700_000_000), out);

        // Then the xz tarball holds metadata.yaml first, then templates and the rootfs, links kept as links
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        String metadata = null;
        try (InputStream xz = new CompressorStreamFactory().createCompressorInputStream(
                new ByteArrayInputStream(out.toByteArray()));
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals("metadata.yaml")) {
                    metadata = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
                entries.put(e.getName(), e);
            }
        }
        assertThat(entries.keySet()).first().isEqualTo("metadata.yaml");
        assertThat(entries).containsKeys("templates/hostname.tpl", "rootfs/", "rootfs/etc/", "rootfs/etc/hosts");
        assertThat(metadata).contains("creation_date: 1700000000").contains("description: new")
                .contains("os: busybox").contains("/etc/hostname");
        assertThat(entries.get("rootfs/etc/mtab").isSymbolicLink()).isTrue();
        assertThat(entries.get("rootfs/etc/mtab").getLinkName()).isEqualTo("/proc/mounts");
        TarArchiveEntry first = entries.get("rootfs/etc/hosts").isLink()
                ? entries.get("rootfs/etc/hosts.bak")
                : entries.get("rootfs/etc/hosts");
        TarArchiveEntry second = first == entries.get("rootfs/etc/hosts")
                ? entries.get("rootfs/etc/hosts.bak")
                : entries.get("rootfs/etc/hosts");
        assertThat(first.isFile()).isTrue();
        assertThat(second.isLink()).isTrue();
        assertThat(second.getLinkName()).isEqualTo(first.getName());
    }

    @Test
    void shouldWriteAPlainTarWhenCompressionIsNone() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("r"));
        Files.writeString(rootfs.resolve("f"), "x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        UnifiedImagePacker.pack(rootfs, tmp.resolve("no-image"), Map.of(), "none", Instant.EPOCH, out);

        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(tar.getNextEntry().getName()).isEqualTo("metadata.yaml");
            assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).contains("architecture: x86_64");
        }
    }
}
