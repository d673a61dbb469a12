package dev.berth.executor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopSignalsTest {
    @TempDir
    Path dir;

    @Test
    void shouldUseTheMetadataKeyWhenPresent() throws Exception {
        // Given
        Files.createDirectories(dir.resolve("rootfs/sbin"));
        Files.writeString(dir.resolve("metadata.yaml"), "architecture: x86_64\nproperties:\n  stop_signal: SIGTERM\n");

        // When / Then
        assertThat(StopSignals.forImage(new CachedImage("fp", dir))).isEqualTo("SIGTERM");
    }

    @Test
    void shouldUseSigrtmin3WhenInitIsSystemd() throws Exception {
        // Given
        Files.createDirectories(dir.resolve("rootfs/sbin"));
        Files.createSymbolicLink(dir.resolve("rootfs/sbin/init"), Path.of("../lib/systemd/systemd"));

        // When / Then
        assertThat(StopSignals.forImage(new CachedImage("fp", dir))).isEqualTo("37");
    }

    @Test
    void shouldDefaultToSigpwrWhenNothingSaysOtherwise() throws Exception {
        // Given
        Files.createDirectories(dir.resolve("rootfs/sbin"));
        Files.createSymbolicLink(dir.resolve("rootfs/sbin/init"), Path.of("../bin/busybox"));

        // When / Then
        assertThat(StopSignals.forImage(new CachedImage("fp", dir))).isEqualTo("SIGPWR");
    }
}
