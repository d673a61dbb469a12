package dev.berth.executor.storage.volume;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.berth.contracts.config.Limits;

/** A btrfs pool's config: the loop file's size when it is created, and optionally where that file is. */
record BtrfsPoolConfig(long sizeBytes, Optional<Path> source) {
    static final String SIZE = "size";
    static final String SOURCE = "source";
    static final long DEFAULT_SIZE = 10L << 30;
    /** mkfs.btrfs 6.2 refuses files below about 109MiB; a round minimum leaves room for metadata. */
    static final long MIN_SIZE = 128L << 20;

    static BtrfsPoolConfig parse(String pool, Map<String, String> config) {
        return new BtrfsPoolConfig(size(pool, config.get(SIZE)), source(pool, config.get(SOURCE)));
    }

    private static long size(String pool, String value) {
        if (value == null) {
            return DEFAULT_SIZE;
        }
        long bytes;
        try {
            bytes = Limits.parseMemory(value);
        } catch (IllegalArgumentException e) {
            throw invalid(pool, SIZE, e.getMessage());
        }
        if (bytes < MIN_SIZE) {
            throw invalid(pool, SIZE, "\"" + value + "\" is below the minimum of 128MiB");
        }
        return bytes;
    }

    private static Optional<Path> source(String pool, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw invalid(pool, SOURCE, "\"" + value + "\" is not an absolute, normalized path of a loop file");
        }
        return Optional.of(path);
    }

    private static VolumeException invalid(String pool, String key, String why) {
        return VolumeException.badRequest("Invalid value for \"" + key + "\" of storage pool \"" + pool + "\": " + why);
    }
}
