package dev.berth.network.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.contracts.Json;
import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.NetworkConfig;
import dev.berth.contracts.lxd.Network;
import dev.berth.contracts.lxd.NetworkLease;
import dev.berth.contracts.lxd.NetworkState;
import dev.berth.contracts.lxd.NetworksPost;
import dev.berth.network.domain.NetworkRecord;
import dev.berth.network.domain.NetworkStatus;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.messaging.NetworkCommands;
import dev.berth.network.repository.AllocationRepository;
import dev.berth.network.repository.NetworkRepository;
import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRow;

/**
 * Managed bridge networks as LXD has them: validated CRUD, {@code auto} subnets resolved and stored, no two networks
 * overlapping, no delete while in use. A create, change, rename or delete writes the node's command to the outbox in
 * the same transaction; the caller publishes the returned rows after commit.
 */
@ApplicationScoped
public class NetworkService {
    public static final String DEFAULT_NETWORK = "berthbr0";
    private static final String DEFAULT_STEP = "default-network";

    @Inject
    Tx tx;
    @Inject
    ProfileUsers profileUsers;
    @Inject
    NetworkRepository networks;
    @Inject
    AllocationRepository allocations;
    @Inject
    NetworkCommands commands;
    @Inject
    Subnetting subnetting;
    @Inject
    HostFacts host;

    public List<Network> list() {
        return tx.run(c -> {
            List<Network> out = new ArrayList<>();
            for (NetworkRecord n : networks.list(c)) {
                out.add(view(c, n));
            }
            return out;
        });
    }

    public Network get(String name) {
        return tx.run(c -> view(c, existing(c, name, false)));
    }

    public List<OutboxRow> create(NetworksPost req) {
        String name = req.name();
        Map<String, String> config = NetworkConfig.withCreateDefaults(req.configOrEmpty());
        checked(() -> {
            NetworkConfig.validateType(req.type());
            NetworkConfig.validate(name, config);
        });
        if (host.interfaces().contains(name) && tx.run(c -> networks.find(c, name, false)).isEmpty()) {
            throw new Refusal(400, "Invalid network name \"" + name + "\": the host already has an interface of"
                    + " that name");
        }
        return tx.run(c -> {
            networks.lockSubnets(c);
            if (networks.find(c, name, false).isPresent()) {
                throw new Refusal(409, "Network \"" + name + "\" already exists");
            }
            NetworkRecord n = new NetworkRecord(name, NetworkConfig.BRIDGE, Objects.requireNonNullElse(
                    req.description(), ""), subnetting.resolve(c, name, config), NetworkStatus.CREATED);
            networks.insert(c, n);
            return List.of(commands.ensure(c, name, n.config()));
        });
    }

    /** PUT ({@code merge} false) replaces description and config; PATCH merges, an empty value removing a key. */
    public List<OutboxRow> update(String name, NetworksPost req, boolean merge, String ifMatch) {
        return tx.run(c -> {
            networks.lockSubnets(c);
            NetworkRecord current = existing(c, name, true);
            if (ifMatch != null && !ifMatch.isBlank()) {
                String given = ifMatch.strip().replace("\"", "");
                String expected = etag(view(c, current));
                if (!given.equals(expected)) {
                    throw new Refusal(412, "ETag doesn't match: " + given + " vs " + expected);
                }
            }
            String description = req.description() == null && merge
                    ? current.description()
                    : Objects.requireNonNullElse(req.description(), "");
            Map<String, String> wanted = req.config() == null
                    ? current.config()
                    : merge ? merged(current.config(), req.config()) : NetworkConfig.withoutEmpty(req.config());
            checked(() -> NetworkConfig.validate(name, wanted));
            Map<String, String> resolved = wanted.equals(current.config())
                    ? wanted
                    : subnetting.resolve(c, name, wanted);
            subnetting.checkAllocationsFit(c, name, resolved);
            networks.update(c, current.with(description, resolved));
            return resolved.equals(current.config())
                    ? List.<OutboxRow>of()
                    : List.of(commands.ensure(c, name, resolved));
        });
    }

    /** Renames an unused network: its bridge is removed under the old name and made under the new one. */
    public List<OutboxRow> rename(String name, String to) {
        checked(() -> NetworkConfig.validateName(to));
        if (!name.equals(to) && host.interfaces().contains(to)) {
            throw new Refusal(400, "Invalid network name \"" + to + "\": the host already has an interface of that"
                    + " name");
        }
        return tx.run(c -> {
            networks.lockSubnets(c);
            NetworkRecord current = existing(c, name, true);
            if (!usedBy(c, name).isEmpty()) {
                throw new Refusal(400, "Cannot rename network \"" + name + "\" while it is in use");
            }
            if (name.equals(to) || !networks.rename(c, name, to)) {
                throw new Refusal(409, "Network \"" + to + "\" already exists");
            }
            return List.of(commands.delete(c, name), commands.ensure(c, to, current.config()));
        });
    }

    public List<OutboxRow> delete(String name) {
        return tx.run(c -> {
            existing(c, name, true);
            if (!usedBy(c, name).isEmpty()) {
                throw new Refusal(400, "The network is currently in use");
            }
            networks.delete(c, name);
            return List.of(commands.delete(c, name));
        });
    }

    /** The addresses IPAM holds on the network, as LXD lists DHCP leases. */
    public List<NetworkLease> leases(String name) {
        return tx.run(c -> {
            existing(c, name, false);
            List<NetworkLease> out = new ArrayList<>();
            for (NicAddress a : allocations.byNetwork(c, name)) {
                if (a.ipv4() == null) {
                    continue; // a NIC on a network without IPv4 holds a MAC only
                }
                out.add(new NetworkLease(a.instance(), a.hwaddr(), a.ipv4(), a.isStatic() ? "static" : "dynamic",
                        "none", a.project()));
            }
            return out;
        });
    }

    /** The bridge as the host sees it; {@code down} with no addresses until the executor has made it. */
    public NetworkState state(String name) {
        NetworkRecord n = tx.run(c -> existing(c, name, false));
        return host.state(name).orElseGet(() -> new NetworkState(List.of(), new NetworkState.Counters(0, 0, 0, 0),
                n.config().getOrDefault(NetworkConfig.BRIDGE_HWADDR, ""),
                Long.parseLong(n.config().getOrDefault(NetworkConfig.BRIDGE_MTU, "1500")), "down", "broadcast"));
    }

    /**
     * Creates {@value #DEFAULT_NETWORK} (auto subnet, NAT, DNS domain {@code berth}) the first time the service
     * starts on this database, and never again: concurrent starts serialise on the subnet lock and the bootstrap
     * row, and a default network the user deleted stays deleted.
     */
    public List<OutboxRow> ensureDefault() {
        return tx.run(c -> {
            networks.lockSubnets(c);
            if (!networks.markDone(c, DEFAULT_STEP) || networks.find(c, DEFAULT_NETWORK, false).isPresent()) {
                return List.of();
            }
            Map<String, String> config = new TreeMap<>(Map.of(NetworkConfig.IPV4_ADDRESS, NetworkConfig.AUTO,
                    NetworkConfig.IPV4_NAT, "true", NetworkConfig.DNS_DOMAIN, "berth", NetworkConfig.IPV6_ADDRESS,
                    NetworkConfig.NONE));
            NetworkRecord n = new NetworkRecord(DEFAULT_NETWORK, NetworkConfig.BRIDGE, "",
                    subnetting.resolve(c, DEFAULT_NETWORK, config), NetworkStatus.CREATED);
            networks.insert(c, n);
            return List.of(commands.ensure(c, DEFAULT_NETWORK, n.config()));
        });
    }

    /** LXD tags a network by its name, managed flag, type, description and config. */
    public static String etag(Network n) {
        String fields = Json.write(List.of(n.name(), n.managed(), n.type(), String.valueOf(n.description()),
                new TreeMap<>(n.config())));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(fields.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Network view(Connection c, NetworkRecord n) throws SQLException {
        return new Network(n.name(), n.description(), n.type(), true, n.status().wire(), n.config(), usedBy(c,
                n.name(), false), List.of("none"));
    }

    /**
     * The profiles whose NICs join the network, then the instances holding addresses on it, as LXD URLs (with
     * {@code ?project=} outside default).
     */
    private List<String> usedBy(Connection c, String name) throws SQLException {
        return usedBy(c, name, true);
    }

    /** {@code strict} false: when container-service cannot say, the profiles are left out instead of failing. */
    private List<String> usedBy(Connection c, String name, boolean strict) throws SQLException {
        List<String> profiles;
        try {
            profiles = profileUsers.of(name);
        } catch (Refusal e) {
            if (strict) {
                throw e;
            }
            profiles = List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (NicAddress a : allocations.byNetwork(c, name)) {
            out.add("/1.0/instances/" + a.instance() + ("default".equals(a.project())
                    ? ""
                    : "?project="
                            + a.project()));
        }
        List<String> all = new ArrayList<>(profiles);
        all.addAll(out);
        return all;
    }

    private NetworkRecord existing(Connection c, String name, boolean forUpdate) throws SQLException {
        return networks.find(c, name, forUpdate)
                .orElseThrow(() -> new Refusal(404, "Network not found"));
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> out = new TreeMap<>(current);
        patch.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Runs a validation, turning its ConfigException into a 400 with the same message. */
    static void checked(Runnable validation) {
        try {
            validation.run();
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
    }
}
