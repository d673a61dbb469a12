package dev.berth.executor.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.berth.contracts.lxd.InstanceNetwork;
import dev.berth.contracts.messaging.NicPlan;
import dev.berth.executor.revert.Reverter;

/**
 * The NICs of one container on this node: plugged in between {@code runc create} and {@code runc start} (the init
 * exists, with its network namespace, but has not run a single instruction), so the address, default route and
 * {@code /etc/resolv.conf} are in place before init starts; and their static leases, which the network's dnsmasq
 * serves for DHCP clients and DNS names.
 */
public final class InstanceNics {
    private final NodeNetworks networks;
    private final NetworkLookup lookup;
    private final Nics nics = new Nics();

    public InstanceNics(NodeNetworks networks) {
        this(networks, new NetworkLookup(null, null));
    }

    /** {@code lookup} builds a network this node was never told about, when a NIC needs it. */
    public InstanceNics(NodeNetworks networks, NetworkLookup lookup) {
        this.networks = networks;
        this.lookup = lookup;
    }

    /**
     * Plugs every NIC of the container whose created (not yet started) init is {@code pid}; undone by
     * {@code revert}. The caller then {@link #register}s the leases of all the container's NICs. Returns the time it
     * took, in nanoseconds.
     */
    public long attach(String containerId, Map<String, NicPlan> plans, long pid, Reverter revert) {
        long t0 = System.nanoTime();
        for (Map.Entry<String, NicPlan> e : new TreeMap<>(plans).entrySet()) {
            NicPlan plan = e.getValue();
            String hostName = hostName(containerId, e.getKey(), plan);
            String bridge = bridgeOf(plan);
            Ipv4Cidr address = plan.ipv4() == null
                    ? null
                    : new Ipv4Cidr(Ipv4Cidr.parseAddress(plan.ipv4()), plan.prefix());
            revert.add("unplug " + hostName, () -> nics.detach(hostName));
            nics.attach(new NicSpec(pid, bridge, plan.name(), hostName, plan.hwaddr(), plan.mtu(), address,
                    plan.gateway()));
            if (plan.network() != null) {
                NicFilter filter = filter(hostName, plan);
                networks.firewall().addNic(plan.network(), filter);
                revert.add("drop filters of " + hostName,
                        () -> networks.firewall().removeNic(plan.network(), filter));
            }
        }
        return System.nanoTime() - t0;
    }

    /** Unplugs the container's NICs and drops their filters; a no-op for what is gone. */
    public void detach(String containerId, Map<String, NicPlan> plans) {
        plans.forEach((device, plan) -> {
            String hostName = hostName(containerId, device, plan);
            nics.detach(hostName);
            if (plan.network() != null && networks.spec(plan.network()).isPresent()) {
                networks.firewall().removeNic(plan.network(), filter(hostName, plan));
            }
        });
    }

    /** Records the static leases of the container's NICs; {@code apply} has dnsmasq re-read them now. */
    public void register(String containerId, String instance, Map<String, NicPlan> plans, boolean apply) {
        Map<String, List<StaticLease>> byNetwork = new TreeMap<>();
        plans.values().stream().filter(p -> p.network() != null && p.ipv4() != null).forEach(p -> byNetwork
                .computeIfAbsent(p.network(), n -> new ArrayList<>())
                .add(new StaticLease(p.hwaddr(), p.ipv4(), instance)));
        networks.setLeases(containerId, byNetwork, apply);
    }

    /** Drops the container's static leases (it is deleted). */
    public void forget(String containerId) {
        networks.setLeases(containerId, Map.of(), true);
    }

    /**
     * The {@code /etc/resolv.conf} of a container with these NICs: the gateway of the first NIC that has one (its
     * dnsmasq) and that network's DNS domain, so bare instance names resolve.
     */
    public Optional<String> resolvConf(Map<String, NicPlan> plans) {
        return new TreeMap<>(plans).values().stream().filter(p -> p.gateway() != null).findFirst().map(p -> {
            String domain = p.dnsDomain() != null
                    ? p.dnsDomain()
                    : networks.spec(p.network()).map(s -> s.dnsmasq().domain()).orElse("berth");
            return ResolvConf.render(p.gateway(), domain);
        });
    }

    /** The interfaces as {@code /state} shows them, counters read from the host ends (and turned around). */
    public Map<String, InstanceNetwork> state(String containerId, Map<String, NicPlan> plans) {
        Map<String, InstanceNetwork> out = new LinkedHashMap<>();
        new TreeMap<>(plans).forEach((device, plan) -> {
            String hostName = hostName(containerId, device, plan);
            Path stats = Path.of("/sys/class/net", hostName, "statistics");
            if (!Files.isDirectory(stats)) {
                return;
            }
            List<InstanceNetwork.Address> addresses = plan.ipv4() == null
                    ? List.of()
                    : List.of(new InstanceNetwork.Address("inet", plan.ipv4(), Integer.toString(plan.prefix()),
                            "global"));
            InstanceNetwork.Counters counters = new InstanceNetwork.Counters(read(stats, "tx_bytes"),
                    read(stats, "rx_bytes"), read(stats, "tx_packets"), read(stats, "rx_packets"),
                    read(stats, "tx_errors"), read(stats, "rx_errors"), read(stats, "rx_dropped"),
                    read(stats, "tx_dropped"));
            out.put(plan.name(), new InstanceNetwork(addresses, counters, plan.hwaddr(), hostName,
                    plan.mtu() == 0 ? BridgeSpec.DEFAULT_MTU : plan.mtu(), "up", "broadcast"));
        });
        if (!out.isEmpty()) {
            out.put("lo", new InstanceNetwork(List.of(new InstanceNetwork.Address("inet", "127.0.0.1", "8", "local"),
                    new InstanceNetwork.Address("inet6", "::1", "128", "local")),
                    new InstanceNetwork.Counters(0, 0, 0, 0, 0, 0, 0, 0), "", "", 65536, "up", "loopback"));
        }
        return out;
    }

    /**
     * The host end's name: {@code host_name} when given, else {@code vb} and 11 hex digits of a hash of container
     * and device, so an unplug after a crash finds it without any record.
     */
    public static String hostName(String containerId, String device, NicPlan plan) {
        if (plan.hostName() != null && !plan.hostName().isEmpty()) {
            return plan.hostName();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((containerId + "/" + device).getBytes(StandardCharsets.UTF_8));
            return "vb" + HexFormat.of().formatHex(digest).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bridge of the NIC. A managed network this node was never told about (a new node, a wiped state) is built
     * from network-service's record first; {@link NodeNetworks} builds under its lock, so once it knows the network
     * the bridge is there, or the build failed.
     */
    private String bridgeOf(NicPlan plan) {
        String bridge = plan.network() == null ? plan.bridge() : plan.network();
        if (plan.network() != null && networks.spec(plan.network()).isEmpty()) {
            lookup.config(plan.network()).ifPresent(config -> networks.ensure(plan.network(), config));
            if (networks.spec(plan.network()).isEmpty()) {
                throw NetworkException.badRequest("network \"" + plan.network() + "\" is not set up on this node, and"
                        + " network-service has no record of it");
            }
        }
        if (!NetTools.linkExists(bridge)) {
            throw NetworkException.badRequest("bridge \"" + bridge + "\" (" + (plan.network() == null
                    ? "the NIC's parent"
                    : "network " + plan.network()) + ") does not exist on this host");
        }
        return bridge;
    }

    private static NicFilter filter(String hostName, NicPlan plan) {
        return new NicFilter(hostName, plan.macFiltering() ? plan.hwaddr() : null,
                plan.ipv4Filtering() ? plan.ipv4() : null);
    }

    private static long read(Path stats, String counter) {
        try {
            return Long.parseLong(Files.readString(stats.resolve(counter)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
