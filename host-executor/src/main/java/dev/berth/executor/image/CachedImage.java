package dev.berth.executor.image;

import java.nio.file.Path;

/** An unpacked image in the node's cache: {@code <dir>/rootfs} and {@code <dir>/metadata.yaml}. */
public record CachedImage(String fingerprint, Path dir) {

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public Path metadata() {
        return dir.resolve("metadata.yaml");
    }
}
