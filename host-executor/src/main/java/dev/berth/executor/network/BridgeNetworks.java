package dev.berth.executor.network;

import java.util.List;

/**
 * A managed network on this node: its bridge, its nftables tables and its dnsmasq, ensured in that order (each
 * needs the one before) and deleted in reverse. Both calls are idempotent, so a retry after a crash converges.
 */
public final class BridgeNetworks {
    private final Bridges bridges;
    private final Firewall firewall;
    private final Dnsmasq dnsmasq;

    public BridgeNetworks(Bridges bridges, Firewall firewall, Dnsmasq dnsmasq) {
        this.bridges = bridges;
        this.firewall = firewall;
        this.dnsmasq = dnsmasq;
    }

    /** Builds or repairs the network; {@code leases} are the static leases of the NICs on it. */
    public void ensure(NetworkSpec spec, List<StaticLease> leases) {
        bridges.ensure(spec.bridge());
        firewall.ensure(spec.firewall());
        if (spec.ipv4Address() != null) {
            dnsmasq.ensure(spec.dnsmasq(), leases);
        } else {
            dnsmasq.delete(spec.name());
        }
    }

    /** Removes the network's dnsmasq and files, tables and bridge; a no-op for what is already gone. */
    public void delete(String name) {
        dnsmasq.delete(name);
        firewall.delete(name);
        bridges.delete(name);
    }

    public Bridges bridges() {
        return bridges;
    }

    public Firewall firewall() {
        return firewall;
    }

    public Dnsmasq dnsmasq() {
        return dnsmasq;
    }
}
