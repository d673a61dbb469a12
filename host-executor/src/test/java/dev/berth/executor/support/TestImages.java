package dev.berth.executor.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import dev.berth.executor.image.ImageDownloader;

/** Builds tiny LXD unified image tarballs (metadata.yaml + rootfs/) for tests. */
public final class TestImages {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {
    }

    /** A tarball plus its sha256. */
    public record Tarball(Path file, String fingerprint) {
    }

    /** busybox-static with sh/sleep/init/true applets and an inittab that only has sysinit and shutdown entries. */
    public static Tarball busybox(Path target, boolean withInit) throws IOException {
        try (OutputStream file = Files.newOutputStream(target);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "metadata.yaml", 0644, "architecture: x86_64\ncreation_date: 1700000000\nproperties:\n"
                    + "  os: busybox\n  description: berth test image\n");
            for (String dir : List.of("rootfs/", "rootfs/bin/", "rootfs/sbin/", "rootfs/etc/", "rootfs/proc/",
                    "rootfs/sys/", "rootfs/dev/", "rootfs/tmp/", "rootfs/root/")) {
                dir(tar, dir, dir.equals("rootfs/tmp/") ? 01777 : 0755);
            }
            byte[] busybox = Files.readAllBytes(BUSYBOX);
            TarArchiveEntry bin = new TarArchiveEntry("rootfs/bin/busybox");
            bin.setMode(0755);
            bin.setSize(busybox.length);
            tar.putArchiveEntry(bin);
            tar.write(busybox);
            tar.closeArchiveEntry();
            for (String applet : List.of("sh", "sleep", "init", "true", "cat", "ls")) {
                symlink(tar, "rootfs/bin/" + applet, "busybox");
            }
            if (withInit) {
                symlink(tar, "rootfs/sbin/init", "../bin/busybox");
            }
            hardlink(tar, "rootfs/bin/busybox-hard", "rootfs/bin/busybox");
            file(tar, "rootfs/etc/inittab", 0644, "::sysinit:/bin/true\n::shutdown:/bin/true\n");
            file(tar, "rootfs/etc/hostname", 0644, "busybox\n");
        }
        return new Tarball(target, ImageDownloader.sha256Hex(target));
    }

    private static void dir(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
