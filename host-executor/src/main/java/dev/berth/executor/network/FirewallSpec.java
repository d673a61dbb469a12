package dev.berth.executor.network;

/**
 * The nftables rules of one managed network: its name (the tables are {@code berth-<network>}), its bridge, its
 * IPv4 subnet (null for {@code ipv4.address=none}) and {@code ipv4.nat}.
 */
public record FirewallSpec(String network, String bridge, Ipv4Cidr subnet, boolean nat) {
    public FirewallSpec {
        NetNames.iface("network name", network);
        NetNames.iface("bridge name", bridge);
        subnet = subnet == null ? null : subnet.subnet();
        if (nat && subnet == null) {
            throw NetworkException.badRequest("ipv4.nat needs an ipv4.address");
        }
    }

    /** The name of both the inet and the bridge table. */
    public String table() {
        return "berth-" + network;
    }
}
