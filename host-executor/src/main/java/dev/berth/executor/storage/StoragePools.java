package dev.berth.executor.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.config.PoolConfig;
import dev.berth.executor.storage.volume.VolumeDriver;
import dev.berth.executor.storage.volume.VolumeDrivers;
import dev.berth.executor.storage.volume.VolumeException;

/**
 * The node's storage pools besides the built-in overlay pool {@code default}: each lives in
 * {@code <dir>/<name>/}, with {@code pool.json} recording its driver and config, so the executor opens it again
 * after a restart or a host reboot (btrfs: attaches the loop file and mounts it).
 */
public final class StoragePools {
    private static final Logger LOG = Logger.getLogger(StoragePools.class);
    private static final String DEFINITION = "pool.json";
    private static final TypeReference<Definition> DEFINITION_TYPE = new TypeReference<>() {
    };

    /** What {@code pool.json} holds. */
    record Definition(String driver, Map<String, String> config) {
    }

    private final Path dir;
    private final Map<String, VolumeDriver> open = new ConcurrentHashMap<>();

    public StoragePools(Path dir) {
        this.dir = dir;
    }

    /** Opens every recorded pool; one that fails to open is logged and left closed (its instances then fail). */
    public synchronized void openAll() {
        for (String name : recorded()) {
            try {
                driver(name);
            } catch (RuntimeException e) {
                LOG.errorf("storage pool %s cannot be opened: %s", name, e.getMessage());
            }
        }
    }

    /**
     * Creates pool {@code name}, or opens it when it exists with the same driver (a redelivered command); 409 when
     * it exists with another driver. The definition is written before the pool is made, so a crash in between
     * leaves a pool that the next attempt (or a delete) finishes.
     */
    public synchronized void create(String name, String driver, Map<String, String> config) {
        Path poolDir = poolDir(name);
        Optional<Definition> existing = definition(name);
        if (existing.isPresent() && !existing.get().driver().equals(driver)) {
            throw new VolumeException(409, "Storage pool \"" + name + "\" already exists with driver "
                    + existing.get().driver());
        }
        VolumeDriver made = VolumeDrivers.create(driver, name, poolDir, config);
        try {
            Files.createDirectories(poolDir);
            Path file = poolDir.resolve(DEFINITION);
            Path tmp = poolDir.resolve(DEFINITION + ".tmp");
            Files.writeString(tmp, Json.write(new Definition(driver, new TreeMap<>(config))));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record storage pool " + name + ": " + e.getMessage(), e);
        }
        try {
            made.open();
        } catch (RuntimeException e) {
            made.destroy();
            throw e;
        }
        open.put(name, made);
    }

    /** Destroys the pool and its files; 400 while it holds volumes, a no-op when it does not exist. */
    public synchronized void delete(String name) {
        if (definition(name).isEmpty()) {
            open.remove(name);
            return;
        }
        VolumeDriver driver = driver(name);
        List<String> volumes = driver.volumes();
        if (!volumes.isEmpty()) {
            throw new VolumeException(400, "Storage pool \"" + name + "\" still holds the volumes of "
                    + String.join(", ", volumes));
        }
        driver.destroy();
        open.remove(name);
    }

    /** The open driver of pool {@code name}, opening it on first use; 404 when the node has no such pool. */
    public VolumeDriver driver(String name) {
        VolumeDriver driver = open.get(name);
        if (driver != null) {
            return driver;
        }
        synchronized (this) {
            driver = open.get(name);
            if (driver == null) {
                Definition d = definition(name).orElseThrow(() -> new VolumeException(404,
                        "Storage pool \"" + name + "\" not found on this node"));
                driver = VolumeDrivers.create(d.driver(), name, poolDir(name), d.config());
                driver.open();
                open.put(name, driver);
            }
            return driver;
        }
    }

    /** The pools recorded on this node (not {@code default}), sorted. */
    public List<String> recorded() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve(DEFINITION))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Optional<Definition> definition(String name) {
        Path file = poolDir(name).resolve(DEFINITION);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readString(file), DEFINITION_TYPE));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }

    private Path poolDir(String name) {
        if (PoolConfig.DEFAULT_POOL.equals(name)) {
            throw new VolumeException(400, "Storage pool \"default\" is the node's built-in overlay pool");
        }
        try {
            PoolConfig.validateName(name);
        } catch (IllegalArgumentException e) {
            throw new VolumeException(400, e.getMessage());
        }
        return dir.resolve(name);
    }
}
