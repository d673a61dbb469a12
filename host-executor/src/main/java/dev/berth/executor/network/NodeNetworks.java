package dev.berth.executor.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;

/**
 * The managed networks of this node as network-service last described them: each config is recorded in
 * {@code <dir>/<name>.json} before the network is built, so the executor builds them all again when it starts
 * (after a host reboot the bridges, tables and dnsmasq processes are gone). It also holds the static leases of the
 * node's instances, by owner (the container), and keeps each network's dnsmasq serving them.
 */
public final class NodeNetworks {
    private static final Logger LOG = Logger.getLogger(NodeNetworks.class);
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };

    private final Path dir;
    private final BridgeNetworks networks;
    /** owner (container id) → network → its leases there. */
    private final Map<String, Map<String, List<StaticLease>>> leases = new HashMap<>();
    private final Map<String, NetworkSpec> specs = new HashMap<>();

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
        networks.ensure(spec, leasesOn(name));
        specs.put(name, spec);
    }

    /** Removes the network from the host, then its record; a no-op when it is gone. */
    public synchronized void delete(String name) {
        NetNames.iface("network name", name);
        networks.delete(name);
        specs.remove(name);
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
                NetworkSpec spec = NetworkSpec.fromConfig(name, config);
                networks.ensure(spec, leasesOn(name));
                specs.put(name, spec);
            } catch (IOException | RuntimeException e) {
                LOG.errorf("network %s cannot be built: %s", name, e.getMessage());
            }
        }
    }

    public Firewall firewall() {
        return networks.firewall();
    }

    /** The network as built on this node, if it is recorded here. */
    public synchronized Optional<NetworkSpec> spec(String name) {
        NetworkSpec spec = specs.get(name);
        if (spec == null && Files.isRegularFile(record(name))) {
            try {
                spec = NetworkSpec.fromConfig(name, Json.MAPPER.readValue(Files.readString(record(name)), CONFIG));
                specs.put(name, spec);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read network " + name + ": " + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(spec);
    }

    /**
     * Replaces the static leases {@code owner} holds (network → leases; empty to drop them) and has the dnsmasq of
     * every network whose leases changed re-read them. With {@code apply} false only the table changes (at start-up,
     * before {@link #ensureAll()} builds the networks with it).
     */
    public synchronized void setLeases(String owner, Map<String, List<StaticLease>> byNetwork, boolean apply) {
        Map<String, List<StaticLease>> before = leases.getOrDefault(owner, Map.of());
        if (byNetwork.isEmpty()) {
            leases.remove(owner);
        } else {
            leases.put(owner, Map.copyOf(byNetwork));
        }
        if (!apply) {
            return;
        }
        java.util.Set<String> touched = new java.util.TreeSet<>(before.keySet());
        touched.addAll(byNetwork.keySet());
        for (String network : touched) {
            if (before.getOrDefault(network, List.of()).equals(byNetwork.getOrDefault(network, List.of()))) {
                continue;
            }
            spec(network).filter(s -> s.ipv4Address() != null)
                    .ifPresent(s -> networks.dnsmasq().updateLeases(s.dnsmasq(), leasesOn(network)));
        }
    }

    private List<StaticLease> leasesOn(String network) {
        List<StaticLease> out = new ArrayList<>();
        for (Map<String, List<StaticLease>> byNetwork : leases.values()) {
            out.addAll(byNetwork.getOrDefault(network, List.of()));
        }
        return out;
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
