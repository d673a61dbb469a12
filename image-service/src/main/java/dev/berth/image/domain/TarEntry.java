package dev.berth.image.domain;

import java.nio.file.Path;

/** One entry of an image tarball, described independently of any archive library. */
public sealed interface TarEntry {
    /** Path inside the archive, without a leading or trailing slash (e.g. {@code rootfs/bin/sh}). */
    String path();

    /** Permission bits only (e.g. {@code 0755}); the writer adds the file-type bits. */
    int mode();

    record Directory(String path, int mode) implements TarEntry {
    }

    record Content(String path, int mode, byte[] bytes) implements TarEntry {
    }

    /** A regular file whose bytes are copied from a host file when the archive is written. */
    record HostFile(String path, int mode, Path source) implements TarEntry {
    }

    record Symlink(String path, String target) implements TarEntry {
        @Override
        public int mode() {
            return 0777;
        }
    }
}
