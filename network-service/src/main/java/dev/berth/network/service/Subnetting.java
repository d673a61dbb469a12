package dev.berth.network.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.contracts.config.NetworkConfig;
import dev.berth.contracts.config.Subnets;
import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.network.domain.NetworkRecord;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.repository.AllocationRepository;
import dev.berth.network.repository.NetworkRepository;

/**
 * Turns a network's wanted {@code ipv4.address} into the stored one: {@code auto} becomes a free {@code 10.x.y.1/24},
 * and a CIDR must not overlap another network. Callers hold {@link NetworkRepository#lockSubnets}.
 */
@ApplicationScoped
public class Subnetting {

    @Inject
    NetworkRepository networks;
    @Inject
    AllocationRepository allocations;
    @Inject
    HostFacts host;

    /** The config with {@code auto} resolved, checked for overlaps and against the chosen subnet's ranges. */
    public Map<String, String> resolve(Connection c, String name, Map<String, String> config) throws SQLException {
        Map<String, String> out = new TreeMap<>(config);
        List<NetworkRecord> others = new ArrayList<>();
        for (NetworkRecord n : networks.list(c)) {
            if (!n.name().equals(name)) {
                others.add(n);
            }
        }
        if (NetworkConfig.AUTO.equals(out.get(NetworkConfig.IPV4_ADDRESS))) {
            List<Cidr> taken = new ArrayList<>(host.takenSubnets());
            others.forEach(n -> NetworkConfig.ipv4(n.config()).ifPresent(taken::add));
            Cidr chosen = Subnets.chooseAuto(taken, name.hashCode()).orElseThrow(() -> new Refusal(500,
                    "Failed to automatically find an unused IPv4 subnet in 10.0.0.0/8; set ipv4.address"));
            out.put(NetworkConfig.IPV4_ADDRESS, chosen.toString());
            NetworkService.checked(() -> NetworkConfig.validate(name, out));
            return out;
        }
        Optional<Cidr> mine = NetworkConfig.ipv4(out);
        if (mine.isPresent()) {
            for (NetworkRecord other : others) {
                Optional<Cidr> theirs = NetworkConfig.ipv4(other.config());
                if (theirs.isPresent() && theirs.get().overlaps(mine.get())) {
                    throw new Refusal(400, "Invalid value for network \"" + name + "\" option \"ipv4.address\" (\""
                            + mine.get() + "\"): subnet " + mine.get().subnet() + " overlaps network \""
                            + other.name() + "\" (" + theirs.get().subnet() + ")");
                }
            }
        }
        return out;
    }

    /** Refuses a new config that would strand an address already handed out on the network. */
    public void checkAllocationsFit(Connection c, String name, Map<String, String> config) throws SQLException {
        List<NicAddress> held = allocations.byNetwork(c, name);
        if (held.isEmpty()) {
            return;
        }
        Optional<Cidr> subnet = NetworkConfig.ipv4(config);
        for (NicAddress a : held) {
            int ip = Subnets.parseAddress(a.ipv4());
            if (subnet.isEmpty() || !subnet.get().contains(ip) || subnet.get().address() == ip) {
                throw new Refusal(400, "Invalid value for network \"" + name + "\" option \"ipv4.address\": "
                        + "address " + a.ipv4() + " of instance \"" + a.instance() + "\" (" + a.device()
                        + ") would be outside the subnet or be its gateway; remove the instance's NIC first");
            }
        }
    }
}
