package dev.berth.executor.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.berth.executor.image.ImageDownloader.Downloaded;
import dev.berth.imageformat.ArchiveLayout;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.SafeUnpacker;
import dev.berth.imageformat.Squashfs;
import dev.berth.imageformat.UnpackLimits;

/**
 * Unpacks verified image files into the cache layout ({@code metadata.yaml}, {@code templates/}, {@code rootfs/})
 * with image-format's validating unpacker: a unified tarball, or a split image's metadata tarball plus its rootfs
 * (tarball, or squashfs through {@code unsquashfs -d}). Every compression image-format knows is accepted.
 */
final class ImageUnpacker {
    private final UnpackLimits limits;
    private final Squashfs squashfs;

    ImageUnpacker(UnpackLimits limits, Squashfs squashfs) {
        this.limits = limits;
        this.squashfs = squashfs;
    }

    void unpack(Downloaded files, Path target) throws IOException {
        SafeUnpacker unpacker = new SafeUnpacker(limits);
        if (files.rootfs().isEmpty()) {
            unpack(unpacker, files.image(), target, ArchiveLayout.UNIFIED);
            return;
        }
        unpack(unpacker, files.image(), target, ArchiveLayout.METADATA);
        Path rootfs = files.rootfs().get();
        Path rootfsDir = target.resolve("rootfs");
        if (isSquashfs(rootfs)) {
            squashfs.validate(rootfs, limits);
            squashfs.unpack(rootfs, rootfsDir);
        } else {
            unpack(unpacker, rootfs, rootfsDir, ArchiveLayout.ROOTFS);
        }
    }

    private static void unpack(SafeUnpacker unpacker, Path archive, Path target, ArchiveLayout layout)
            throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            unpacker.unpack(in, target, layout);
        }
    }

    private static boolean isSquashfs(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Squashfs.isSquashfs(in.readNBytes(Compression.MAGIC_LENGTH));
        }
    }
}
