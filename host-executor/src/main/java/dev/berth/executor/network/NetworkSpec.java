package dev.berth.executor.network;

import java.util.List;

/**
 * A managed bridge network as this node builds it, from the LXD config keys: {@code bridge.mtu},
 * {@code bridge.hwaddr}, {@code ipv4.address} (null for none), {@code ipv4.nat}, {@code ipv4.dhcp.ranges},
 * {@code ipv4.dhcp.expiry}, {@code dns.domain} and {@code ipv4.dhcp} (false: dnsmasq answers DNS only). The bridge
 * is named after the network, as in LXD.
 */
public record NetworkSpec(String name, int mtu, String hwaddr, Ipv4Cidr ipv4Address, boolean nat,
        List<DhcpRange> dhcpRanges, String leaseTime, String domain, boolean dhcp) {
    public NetworkSpec {
        NetNames.iface("network name", name);
        dhcpRanges = dhcpRanges == null ? List.of() : List.copyOf(dhcpRanges);
        domain = domain == null || domain.isBlank() ? "berth" : domain;
    }

    public NetworkSpec(String name, int mtu, String hwaddr, Ipv4Cidr ipv4Address, boolean nat,
            List<DhcpRange> dhcpRanges, String leaseTime, String domain) {
        this(name, mtu, hwaddr, ipv4Address, nat, dhcpRanges, leaseTime, domain, true);
    }

    /**
     * The spec of network {@code name} from its stored LXD config (an {@code auto} address already resolved to a
     * CIDR by network-service; {@code none} or absent means no IPv4). A bad value is a 400 naming the key.
     */
    public static NetworkSpec fromConfig(String name, java.util.Map<String, String> config) {
        String address = config.getOrDefault("ipv4.address", "none");
        Ipv4Cidr ipv4 = address.isBlank() || address.equals("none") ? null : Ipv4Cidr.parse(address);
        int mtu;
        try {
            mtu = Integer.parseInt(config.getOrDefault("bridge.mtu", "1500"));
        } catch (NumberFormatException e) {
            throw NetworkException.badRequest("invalid bridge.mtu: " + config.get("bridge.mtu"));
        }
        List<DhcpRange> ranges = new java.util.ArrayList<>();
        String text = config.getOrDefault("ipv4.dhcp.ranges", "");
        for (String range : text.split(",")) {
            if (!range.isBlank()) {
                ranges.add(DhcpRange.parse(range.strip()));
            }
        }
        boolean nat;
        try {
            nat = dev.berth.contracts.config.InstanceConfig.parseBoolean(config.getOrDefault("ipv4.nat", "false"));
        } catch (IllegalArgumentException e) {
            throw NetworkException.badRequest("invalid ipv4.nat: " + e.getMessage());
        }
        boolean dhcp;
        try {
            dhcp = dev.berth.contracts.config.InstanceConfig.parseBoolean(config.getOrDefault("ipv4.dhcp", "true"));
        } catch (IllegalArgumentException e) {
            throw NetworkException.badRequest("invalid ipv4.dhcp: " + e.getMessage());
        }
        return new NetworkSpec(name, mtu, config.get("bridge.hwaddr"), ipv4, nat, ranges,
                config.get("ipv4.dhcp.expiry"), config.get("dns.domain"), dhcp);
    }

    public BridgeSpec bridge() {
        return new BridgeSpec(name, mtu, hwaddr, ipv4Address);
    }

    public FirewallSpec firewall() {
        return new FirewallSpec(name, name, ipv4Address, nat);
    }

    public DnsmasqSpec dnsmasq() {
        return new DnsmasqSpec(name, name, ipv4Address, dhcpRanges, leaseTime, domain, mtu, dhcp);
    }
}
