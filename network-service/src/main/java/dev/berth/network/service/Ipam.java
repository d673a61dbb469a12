package dev.berth.network.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.MacAddresses;
import dev.berth.contracts.config.NetworkConfig;
import dev.berth.contracts.config.Subnets;
import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.network.domain.AddressPool;
import dev.berth.network.domain.NetworkRecord;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.repository.AllocationRepository;
import dev.berth.network.repository.NetworkRepository;
import dev.berth.support.jdbc.Tx;

/**
 * IPv4 address management for NICs on managed networks. An allocation locks its network's row, so allocations on
 * one network take turns and each sees the last one's address; the table's unique keys back that up, and a unique
 * violation (which the lock should make impossible) is retried with a fresh look.
 */
@ApplicationScoped
public class Ipam {
    private static final Logger LOG = Logger.getLogger(Ipam.class);
    private static final int ATTEMPTS = 5;
    private static final String DEFAULT_PROJECT = "default";

    @Inject
    Tx tx;
    @Inject
    NetworkRepository networks;
    @Inject
    AllocationRepository allocations;

    /** The NIC's address on {@code network}: the one it holds when it still fits the request, else a new one. */
    public Allocation allocate(String network, AllocationRequest req) {
        String project = req.project() == null || req.project().isEmpty() ? DEFAULT_PROJECT : req.project();
        String device = require(req.device(), "device");
        String instance = require(req.instance(), "instance");
        Integer wanted = staticAddress(device, req.ipv4());
        String hwaddr = req.hwaddr() == null || req.hwaddr().isEmpty() ? null : MacAddresses.normalise(req.hwaddr());
        if (req.hwaddr() != null && !req.hwaddr().isEmpty() && hwaddr == null) {
            throw new Refusal(400, "Invalid value for device \"" + device + "\" option \"hwaddr\" (\"" + req.hwaddr()
                    + "\"): not a unicast MAC address such as 00:16:3e:12:34:56");
        }
        for (int attempt = 1;; attempt++) {
            try {
                return tx.run(c -> allocate(c, network, project, instance, device, wanted, hwaddr));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SQLException sql)
                        || !AllocationRepository.UNIQUE_VIOLATION.equals(sql.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("ipam: allocation on %s clashed (%s); retrying", network, sql.getMessage());
            }
        }
    }

    /** Releases one NIC's address, or every address of the instance when {@code device} is null; returns them. */
    public List<NicAddress> release(String project, String instance, String device) {
        String p = project == null || project.isEmpty() ? DEFAULT_PROJECT : project;
        return tx.run(c -> allocations.delete(c, p, require(instance, "instance"), device));
    }

    /**
     * The addresses of instance {@code from} become those of {@code to} (an instance rename). Whatever {@code to}
     * still holds is a deleted namesake's whose release has not come yet: it goes now. The renamed rows count as
     * allocated now, so that late release (up to the namesake's deletion time) leaves them alone. Idempotent.
     */
    public List<NicAddress> rename(String project, String from, String to) {
        String p = project == null || project.isEmpty() ? DEFAULT_PROJECT : project;
        String source = require(from, "instance");
        String target = require(to, "to");
        return tx.run(c -> {
            // a repeated rename finds nothing under the old name: the new name's addresses are the renamed ones
            if (source.equals(target) || allocations.byInstance(c, p, source).isEmpty()) {
                return List.of();
            }
            allocations.delete(c, p, target, null);
            return allocations.rename(c, p, source, target);
        });
    }

    /**
     * Releases the addresses a deleted instance held: those allocated up to {@code deletedAt}, so a late or replayed
     * deletion never takes the address of an instance created again under the same name since.
     */
    public List<NicAddress> releaseDeleted(String project, String instance, java.time.Instant deletedAt) {
        String p = project == null || project.isEmpty() ? DEFAULT_PROJECT : project;
        return tx.run(c -> allocations.deleteAllocatedBy(c, p, require(instance, "instance"), deletedAt));
    }

    private Allocation allocate(Connection c, String network, String project, String instance, String device,
            Integer wanted, String hwaddr) throws SQLException {
        NetworkRecord net = networks.find(c, network, true)
                .orElseThrow(() -> new Refusal(404, "Network \"" + network + "\" not found"));
        if (!hasIpv4(net)) {
            return macOnly(c, net, project, instance, device, wanted, hwaddr);
        }
        AddressPool pool = pool(net);
        Optional<NicAddress> held = allocations.byNic(c, project, instance, device);
        if (held.isPresent()) {
            if (fits(held.get(), network, wanted, hwaddr, pool)) {
                return view(net, pool, held.get());
            }
            allocations.delete(c, project, instance, device);
        }
        String mac = hwaddr;
        if (mac == null) {
            mac = MacAddresses.generate(allocations.hwaddrs(c, network));
        } else if (allocations.hwaddrs(c, network).contains(mac)) {
            throw new Refusal(409, "Invalid value for device \"" + device + "\" option \"hwaddr\": " + mac
                    + " is already used on network \"" + network + "\"");
        }
        int address;
        if (wanted != null) {
            address = checkStatic(c, net, pool, device, wanted);
        } else {
            address = pool.firstFree(allocations.addresses(c, network)).orElseThrow(() -> new Refusal(409,
                    "No free IPv4 address left on network \"" + network + "\""));
        }
        NicAddress a = new NicAddress(network, project, instance, device, mac, Subnets.format(address),
                wanted != null);
        allocations.insert(c, a);
        return view(net, pool, a);
    }

    /** A NIC on a network without IPv4 gets a MAC and no address; a static address there is a 400. */
    private Allocation macOnly(Connection c, NetworkRecord net, String project, String instance, String device,
            Integer wanted, String hwaddr) throws SQLException {
        if (wanted != null) {
            throw new Refusal(400, "Invalid value for device \"" + device + "\" option \"ipv4.address\": network \""
                    + net.name() + "\" has no IPv4 subnet (ipv4.address is none)");
        }
        Optional<NicAddress> held = allocations.byNic(c, project, instance, device);
        if (held.isPresent() && held.get().network().equals(net.name()) && held.get().ipv4() == null
                && (hwaddr == null || hwaddr.equals(held.get().hwaddr()))) {
            return macView(net, held.get());
        }
        if (held.isPresent()) {
            allocations.delete(c, project, instance, device);
        }
        String mac = hwaddr;
        if (mac == null) {
            mac = MacAddresses.generate(allocations.hwaddrs(c, net.name()));
        } else if (allocations.hwaddrs(c, net.name()).contains(mac)) {
            throw new Refusal(409, "Invalid value for device \"" + device + "\" option \"hwaddr\": " + mac
                    + " is already used on network \"" + net.name() + "\"");
        }
        NicAddress a = new NicAddress(net.name(), project, instance, device, mac, null, false);
        allocations.insert(c, a);
        return macView(net, a);
    }

    private static boolean hasIpv4(NetworkRecord net) {
        try {
            return NetworkConfig.ipv4(net.config()).isPresent();
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
    }

    private static Allocation macView(NetworkRecord net, NicAddress a) {
        String mtu = net.config().get(NetworkConfig.BRIDGE_MTU);
        return new Allocation(net.name(), a.project(), a.instance(), a.device(), a.hwaddr(), null, 0, null, false,
                mtu == null ? null : Integer.valueOf(mtu), net.config().get(NetworkConfig.DNS_DOMAIN));
    }

    private int checkStatic(Connection c, NetworkRecord net, AddressPool pool, String device, int wanted)
            throws SQLException {
        String text = Subnets.format(wanted);
        String key = "Invalid value for device \"" + device + "\" option \"ipv4.address\" (\"" + text + "\"): ";
        if (!pool.gateway().contains(wanted)) {
            throw new Refusal(400, key + "not inside the subnet " + pool.gateway().subnet() + " of network \""
                    + net.name() + "\"");
        }
        if (!pool.usable(wanted)) {
            throw new Refusal(400, key + "it is the gateway, network or broadcast address of network \""
                    + net.name() + "\"");
        }
        Optional<NicAddress> holder = allocations.byAddress(c, net.name(), text);
        if (holder.isPresent()) {
            throw new Refusal(409, key + "already used by instance \"" + holder.get().instance() + "\" ("
                    + holder.get().device() + ") on network \"" + net.name() + "\"");
        }
        return wanted;
    }

    private static boolean fits(NicAddress held, String network, Integer wanted, String hwaddr, AddressPool pool) {
        if (held.ipv4() == null) {
            return false; // held when the network had no IPv4
        }
        int ip = Subnets.parseAddress(held.ipv4());
        boolean address = wanted == null ? !held.isStatic() : held.isStatic() && ip == wanted;
        return held.network().equals(network) && address && pool.usable(ip)
                && (hwaddr == null || hwaddr.equals(held.hwaddr()));
    }

    private static AddressPool pool(NetworkRecord net) {
        try {
            Cidr gateway = NetworkConfig.ipv4(net.config()).orElseThrow(() -> new ConfigException(
                    NetworkConfig.IPV4_ADDRESS, "Network \"" + net.name() + "\" has no IPv4 subnet (ipv4.address is "
                            + net.config().getOrDefault(NetworkConfig.IPV4_ADDRESS, "unset") + ")"));
            return new AddressPool(gateway, NetworkConfig.pool(net.name(), net.config()));
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
    }

    private static Allocation view(NetworkRecord net, AddressPool pool, NicAddress a) {
        Map<String, String> config = net.config();
        String mtu = config.get(NetworkConfig.BRIDGE_MTU);
        return new Allocation(net.name(), a.project(), a.instance(), a.device(), a.hwaddr(), a.ipv4(),
                pool.gateway().prefix(), Subnets.format(pool.gateway().address()), a.isStatic(),
                mtu == null ? null : Integer.valueOf(mtu), config.get(NetworkConfig.DNS_DOMAIN));
    }

    private static Integer staticAddress(String device, String ipv4) {
        if (ipv4 == null || ipv4.isEmpty()) {
            return null;
        }
        try {
            return Subnets.parseAddress(ipv4);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "Invalid value for device \"" + device + "\" option \"ipv4.address\" (\"" + ipv4
                    + "\"): not an IPv4 address");
        }
    }

    private static String require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new Refusal(400, "Missing \"" + field + "\"");
        }
        return value;
    }
}
