package dev.berth.contracts.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The storage drivers a pool can be created with and the pool config keys each takes: {@code dir} (none) and
 * {@code btrfs} ({@code size} of its loop file, {@code source}: where that file is). {@code overlay} is the driver
 * of every node's built-in pool {@code default} only. Only btrfs can enforce a root disk's {@code size}.
 */
public final class PoolConfig {
    public static final String DEFAULT_POOL = "default";
    public static final String OVERLAY = "overlay";
    public static final String DIR = "dir";
    public static final String BTRFS = "btrfs";
    /** mkfs.btrfs refuses files below about 109MiB; a round minimum leaves room for metadata. */
    public static final long MIN_BTRFS_SIZE = 128L << 20;
    private static final Map<String, Set<String>> KEYS = Map.of(DIR, Set.of(), BTRFS, Set.of("size", "source"));

    private PoolConfig() {
    }

    /** Throws a {@link ConfigException} naming the field at fault in a new pool's name, driver or config. */
    public static void validate(String name, String driver, Map<String, String> config) {
        validateName(name);
        if (driver == null || driver.isEmpty()) {
            throw new ConfigException("driver", "Missing \"driver\" for storage pool \"" + name + "\"");
        }
        if (OVERLAY.equals(driver)) {
            throw new ConfigException("driver", "Driver \"overlay\" is only the built-in pool \"default\"; create "
                    + "pools with " + String.join(" or ", new TreeSet<>(KEYS.keySet())));
        }
        Set<String> keys = KEYS.get(driver);
        if (keys == null) {
            throw new ConfigException("driver", "Unknown storage driver \"" + driver + "\"; supported: "
                    + String.join(", ", new TreeSet<>(KEYS.keySet())));
        }
        for (String key : new TreeSet<>(config.keySet())) {
            if (!keys.contains(key)) {
                throw new ConfigException("config", "Invalid config key \"" + key + "\" for storage pool \"" + name
                        + "\" (driver " + driver + ")" + (keys.isEmpty()
                                ? ": it takes no config keys"
                                : "; supported keys: " + String.join(", ", new TreeSet<>(keys))));
            }
        }
        if (config.containsKey("size")) {
            long bytes;
            try {
                bytes = Limits.parseMemory(config.get("size"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config", "Invalid value for \"size\": " + e.getMessage());
            }
            if (bytes < MIN_BTRFS_SIZE) {
                throw new ConfigException("config", "Invalid value for \"size\": \"" + config.get("size")
                        + "\" is below the minimum of 128MiB");
            }
        }
        String source = config.get("source");
        if (source != null && (!source.startsWith("/") || source.contains("/../") || source.endsWith("/..")
                || source.contains("//"))) {
            throw new ConfigException("config", "Invalid value for \"source\": \"" + source
                    + "\" is not an absolute, normalized path of a loop file");
        }
    }

    /** Throws a {@link ConfigException} unless {@code name} is a valid pool name (it becomes a directory name). */
    public static void validateName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ConfigException("name", "Invalid storage pool name \"" + name + "\": use 1-63 letters, digits,"
                    + " '_', '.' or '-', starting with a letter or digit");
        }
    }

    /** Whether pools of {@code driver} can enforce a root disk's {@code size}. */
    public static boolean enforcesSize(String driver) {
        return BTRFS.equals(driver);
    }
}
