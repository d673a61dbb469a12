package dev.berth.imageformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.imageformat.testing.TestArchive;

class SafeUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    private final SafeUnpacker unpacker = new SafeUnpacker(UnpackLimits.DEFAULT.withMaxUnpackedBytes(4 << 20));

    @Test
    void shouldKeepLinksModesOwnersAndXattrsWhenUnpackingAUnifiedImage() throws IOException {
        // Given
        byte[] image = TestArchive.unified().compression(Compression.XZ).fifo("rootfs/run/initctl")
                .fileWithXattr("rootfs/etc/tagged", "user.berth", "yes").bytes();
        Path target = tmp.resolve("image");

        // When
        unpacker.unpack(new ByteArrayInputStream(image), target, ArchiveLayout.UNIFIED);

        // Then
        Path rootfs = target.resolve("rootfs");
        assertThat(target.resolve("metadata.yaml")).hasContent(TestArchive.METADATA.strip());
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/hi"))).isEqualTo(Path.of("hello"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/abs"))).isEqualTo(Path.of("/bin/hello"));
        assertThat(Files.getAttribute(rootfs.resolve("bin/hello-again"), "unix:ino"))
                .isEqualTo(Files.getAttribute(rootfs.resolve("bin/hello"), "unix:ino"));
        assertThat(mode(rootfs.resolve("bin/hello"))).isEqualTo(0755);
        assertThat(mode(rootfs.resolve("tmp"))).isEqualTo(01777);
        assertThat(Files.getLastModifiedTime(rootfs.resolve("bin/hello")).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat((boolean) Files.getAttribute(rootfs.resolve("run/initctl"), "unix:isOther", NOFOLLOW)).isTrue();
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getAttribute(rootfs.resolve("bin/hello"), "unix:uid")).isEqualTo(1000);
        }
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(rootfs.resolve("etc/tagged"),
                UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(16);
        xattrs.read("berth", value);
        assertThat(new String(value.array(), 0, value.position())).isEqualTo("yes");
    }

    @Test
    void shouldUnpackTheRootfsHalfWhenTheImageIsSplit() throws IOException {
        // Given
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.BZIP2).bytes();
        Path target = tmp.resolve("rootfs");

        // When
        unpacker.unpack(new ByteArrayInputStream(rootfs), target, ArchiveLayout.ROOTFS);

        // Then
        assertThat(target.resolve("bin/hello")).hasContent("#!/bin/sh\necho hello");
        assertThat(Files.isSymbolicLink(target.resolve("bin/hi"))).isTrue();
    }

    @Test
    void shouldWriteNothingOutsideTheTargetWhenASymlinkTriesToRedirectAWrite() {
        // Given: an absolute symlink is fine inside the container, but nothing may be written through it
        Path outside = tmp.resolve("outside");
        byte[] image = TestArchive.unified().symlink("rootfs/escape", outside.toString())
                .file("rootfs/escape/pwned", 0644, "x").bytes();

        // When / Then
        assertThatThrownBy(() -> unpacker.unpack(new ByteArrayInputStream(image), tmp.resolve("t"),
                ArchiveLayout.UNIFIED)).isInstanceOf(ImageFormatException.class).hasMessageContaining("below");
        assertThat(outside).doesNotExist();
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
    }
}
