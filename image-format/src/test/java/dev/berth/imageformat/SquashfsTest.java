package dev.berth.imageformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquashfsTest {
    @TempDir
    Path tmp;

    private final Squashfs squashfs = new Squashfs();

    @BeforeEach
    void requireSquashfsTools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mksquashfs")), "squashfs-tools is not installed");
    }

    @Test
    void shouldValidateAndUnpackWhenTheSquashfsIsClean() throws Exception {
        // Given
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/hello"), "hello\n");
        Files.createSymbolicLink(root.resolve("bin/hi -> there"), Path.of("hello"));
        Path image = mksquashfs(root);

        // When
        long bytes = squashfs.validate(image, UnpackLimits.DEFAULT);
        squashfs.unpack(image, tmp.resolve("out"));

        // Then
        assertThat(Squashfs.isSquashfs(Files.readAllBytes(image))).isTrue();
        assertThat(bytes).isEqualTo(6);
        assertThat(tmp.resolve("out/bin/hello")).hasContent("hello");
        assertThat(Files.readSymbolicLink(tmp.resolve("out/bin/hi -> there"))).isEqualTo(Path.of("hello"));
    }

    @Test
    void shouldRefuseWhenASymlinkEscapesOrADeviceIsPresent() throws Exception {
        // Given
        Path escaping = tmp.resolve("escaping");
        Files.createDirectories(escaping.resolve("etc"));
        Files.createSymbolicLink(escaping.resolve("etc/evil"), Path.of("../../../etc/shadow"));
        Path device = tmp.resolve("device");
        Files.createDirectories(device.resolve("dev"));
        new ProcessBuilder("mknod", device.resolve("dev/mem").toString(), "c", "1", "1").start().waitFor();

        // When / Then
        assertThatThrownBy(() -> squashfs.validate(mksquashfs(escaping), UnpackLimits.DEFAULT))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("points outside the rootfs");
        assumeTrue(Files.exists(device.resolve("dev/mem")), "mknod needs root");
        assertThatThrownBy(() -> squashfs.validate(mksquashfs(device), UnpackLimits.DEFAULT))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("device node");
    }

    @Test
    void shouldRefuseWhenTheFileIsNotSquashfs() throws IOException {
        // Given
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "hsqs but not really a squashfs image");

        // When / Then
        assertThatThrownBy(() -> squashfs.validate(junk, UnpackLimits.DEFAULT))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("Invalid squashfs");
    }

    private Path mksquashfs(Path root) throws Exception {
        Path image = tmp.resolve(root.getFileName() + ".squashfs");
        Process p = new ProcessBuilder("mksquashfs", root.toString(), image.toString(), "-noappend", "-quiet",
                "-no-progress").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return image;
    }
}
