package dev.berth.image.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.image.domain.BusyboxInfo;
import dev.berth.image.service.TarballFixtures.Read;

class BuiltinImageTest {
    private static final long EPOCH = 1_700_000_000L;
    private static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path dir;

    @Test
    void shouldProduceIdenticalBytesWhenBuiltTwice() throws IOException {
        // Given
        BusyboxInfo busybox = fakeBusybox();

        // When
        byte[] first = BuiltinImage.from(busybox, "x86_64").toBytes();
        byte[] second = BuiltinImage.from(busybox, "x86_64").toBytes();

        // Then
        assertThat(TarballFixtures.sha256(second)).isEqualTo(TarballFixtures.sha256(first));
    }

    @Test
    void shouldProduceIdenticalBytesWhenBuiltTwiceFromTheHostBusybox() throws IOException {
        // Given
        assumeTrue(Files.isExecutable(HOST_BUSYBOX), "needs busybox-static at /bin/busybox");
        BusyboxProbe probe = new BusyboxProbe();

        // When
        byte[] first = BuiltinImage.from(probe.probe(HOST_BUSYBOX), "x86_64").toBytes();
        byte[] second = BuiltinImage.from(probe.probe(HOST_BUSYBOX), "x86_64").toBytes();

        // Then
        assertThat(TarballFixtures.sha256(second)).isEqualTo(TarballFixtures.sha256(first));
        assertThat(TarballFixtures.read(first)).containsKeys("metadata.yaml", "rootfs/bin/busybox", "rootfs/sbin/init",
                "rootfs/bin/sh", "rootfs/etc/inittab");
    }

    @Test
    void shouldContainMetadataBinaryInitAndInittabWhenBuilt() throws IOException {
        // Given
        BusyboxInfo busybox = fakeBusybox();

        // When
        Map<String, Read> entries = TarballFixtures.read(BuiltinImage.from(busybox, "x86_64").toBytes());

        // Then
        assertThat(text(entries, "metadata.yaml")).contains("architecture: \"x86_64\"")
                .contains("creation_date: " + EPOCH)
                .contains("  os: \"busybox\"", "  release: \"1.35.0\"", "  variant: \"default\"",
                        "  description: \"busybox 1.35.0 (built by Berth from the host's busybox-static)\"")
                .endsWith("templates: {}\n");
        TarArchiveEntry binary = entries.get("rootfs/bin/busybox").entry();
        assertThat(binary.isFile()).isTrue();
        assertThat(binary.getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("rootfs/bin/busybox").content()).isEqualTo(Files.readAllBytes(busybox.binary()));
        TarArchiveEntry init = entries.get("rootfs/sbin/init").entry();
        assertThat(init.isSymbolicLink()).isTrue();
        assertThat(init.getLinkName()).isEqualTo("/bin/busybox");
        assertThat(entries.get("rootfs/usr/bin/env").entry().isSymbolicLink()).isTrue();
        assertThat(text(entries, "rootfs/etc/inittab"))
                .isEqualTo("::sysinit:/bin/true\n::askfirst:-/bin/sh\n::shutdown:/bin/true\n");
        assertThat(text(entries, "rootfs/etc/passwd")).isEqualTo("root:x:0:0:root:/root:/bin/sh\n");
        assertThat(text(entries, "rootfs/etc/group")).isEqualTo("root:x:0:\n");
        assertThat(entries).containsKey("rootfs/etc/hostname");
    }

    @Test
    void shouldHaveSpecialDirectoryModesWhenBuilt() throws IOException {
        // Given
        BusyboxInfo busybox = fakeBusybox();

        // When
        Map<String, Read> entries = TarballFixtures.read(BuiltinImage.from(busybox, "x86_64").toBytes());

        // Then
        assertThat(entries).containsKeys("rootfs/", "rootfs/dev/", "rootfs/proc/", "rootfs/sys/", "rootfs/run/",
                "rootfs/etc/", "rootfs/var/", "rootfs/var/log/", "rootfs/usr/", "rootfs/usr/bin/");
        assertThat(entries.get("rootfs/tmp/").entry().getMode() & 07777).isEqualTo(01777);
        assertThat(entries.get("rootfs/root/").entry().getMode() & 07777).isEqualTo(0700);
    }

    @Test
    void shouldUseSortedEntriesRootOwnershipAndFixedTimesWhenBuilt() throws IOException {
        // Given
        BusyboxInfo busybox = fakeBusybox();

        // When
        byte[] tarball = BuiltinImage.from(busybox, "x86_64").toBytes();
        Map<String, Read> entries = TarballFixtures.read(tarball);

        // Then
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names.get(0)).isEqualTo("metadata.yaml");
        assertThat(names.stream().map(n -> n.endsWith("/") ? n.substring(0, n.length() - 1) : n).toList())
                .isSorted();
        assertThat(entries.values()).allSatisfy(r -> {
            assertThat(r.entry().getLongUserId()).isZero();
            assertThat(r.entry().getLongGroupId()).isZero();
            assertThat(r.entry().getModTime().getTime()).isEqualTo(EPOCH * 1000);
        });
        assertThat(new byte[]{tarball[4], tarball[5], tarball[6], tarball[7]}).containsOnly(0);
    }

    private BusyboxInfo fakeBusybox() throws IOException {
        Path binary = dir.resolve("busybox");
        Files.write(binary, "#!/bin/true\nnot really busybox\n".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(binary, FileTime.fromMillis(System.currentTimeMillis()));
        return new BusyboxInfo(binary, "1.35.0",
                List.of("bin/busybox", "bin/sh", "sbin/init", "usr/bin/env", "usr/bin/[", "bin/ls"), EPOCH);
    }

    private static String text(Map<String, Read> entries, String name) {
        return new String(entries.get(name).content(), StandardCharsets.UTF_8);
    }
}
