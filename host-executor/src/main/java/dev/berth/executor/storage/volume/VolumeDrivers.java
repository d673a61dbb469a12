package dev.berth.executor.storage.volume;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Makes a {@link VolumeDriver} for a pool from the driver's name and the pool's config, as Incus' driver map does. */
public final class VolumeDrivers {

    @FunctionalInterface
    private interface Constructor {
        VolumeDriver create(String poolName, Path poolDir, Map<String, String> config);
    }

    /** A driver's constructor and the pool config keys it understands. */
    private record Driver(Set<String> keys, Constructor constructor) {
    }

    private static final Map<String, Driver> DRIVERS = Map.of(
            DirVolumeDriver.NAME, new Driver(Set.of(), (pool, dir, config) -> new DirVolumeDriver(pool, dir)),
            OverlayVolumeDriver.NAME, new Driver(Set.of(), (pool, dir, config) -> new OverlayVolumeDriver(pool, dir)),
            BtrfsVolumeDriver.NAME, new Driver(Set.of(BtrfsPoolConfig.SIZE, BtrfsPoolConfig.SOURCE),
                    (pool, dir, config) -> new BtrfsVolumeDriver(pool, dir, BtrfsPoolConfig.parse(pool, config))));

    private VolumeDrivers() {
    }

    /** The driver names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(DRIVERS.keySet());
    }

    /**
     * A driver for the pool named {@code poolName} whose files live in {@code poolDir}; call {@link VolumeDriver#open}
     * before use. An unknown driver, an unknown config key or a bad value is a 400.
     */
    public static VolumeDriver create(String driverName, String poolName, Path poolDir, Map<String, String> config) {
        VolumeNames.pool(poolName);
        Driver driver = DRIVERS.get(driverName);
        if (driver == null) {
            throw VolumeException.badRequest("Unknown storage driver \"" + driverName + "\" for pool \"" + poolName
                    + "\"; supported drivers: " + String.join(", ", names()));
        }
        for (String key : new TreeSet<>(config.keySet())) {
            if (!driver.keys().contains(key)) {
                throw VolumeException.badRequest("Invalid config key \"" + key + "\" for storage pool \"" + poolName
                        + "\" (driver " + driverName + "); " + supported(driver.keys()));
            }
        }
        return driver.constructor().create(poolName, poolDir.toAbsolutePath().normalize(), config);
    }

    private static String supported(Set<String> keys) {
        return keys.isEmpty() ? "it takes no config keys" : "supported keys: " + String.join(", ", new TreeSet<>(keys));
    }
}
