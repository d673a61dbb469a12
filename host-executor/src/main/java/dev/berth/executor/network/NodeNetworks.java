package dev.berth.executor.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;

/**
 * The managed networks of this node as network-service last described them: each config is recorded in
 * {@code <dir>/<name>.json} before the network is built, so the executor builds them all again when it starts
 * (after a host reboot the bridges, tables and dnsmasq processes are gone).
 */
public final class NodeNetworks {
    private static final Logger LOG = Logger.getLogger(NodeNetworks.class);
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };

    private final Path dir;
    private final BridgeNetworks networks;

    public NodeNetworks(Path dir, BridgeNetworks networks) {
        this.dir = dir;
        this.networks = networks;
    }

    /** Builds or repairs network {@code name} to match {@code config}; a bad config is a 400 and changes nothing. */
    public synchronized void ensure(String name, Map<String, String> config) {
        NetworkSpec spec = NetworkSpec.fromConfig(name, config);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".json.tmp");
            Files.writeString(tmp, Json.write(new TreeMap<>(config)));
            Files.move(tmp, record(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record network " + name + ": " + e.getMessage(), e);
        }
        networks.ensure(spec, List.of());
    }

    /** Removes the network from the host, then its record; a no-op when it is gone. */
    public synchronized void delete(String name) {
        NetNames.iface("network name", name);
        networks.delete(name);
        try {
            Files.deleteIfExists(record(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget network " + name + ": " + e.getMessage(), e);
        }
    }

    /** Builds every recorded network; one that fails is logged and the rest go on. */
    public synchronized void ensureAll() {
        for (String name : recorded()) {
            try {
                Map<String, String> config = Json.MAPPER.readValue(Files.readString(record(name)), CONFIG);
                networks.ensure(NetworkSpec.fromConfig(name, config), List.of());
            } catch (IOException | RuntimeException e) {
                LOG.errorf("network %s cannot be built: %s", name, e.getMessage());
            }
        }
    }

    /** The networks recorded on this node, sorted. */
    public List<String> recorded() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Path record(String name) {
        return dir.resolve(NetNames.iface("network name", name) + ".json");
    }
}
