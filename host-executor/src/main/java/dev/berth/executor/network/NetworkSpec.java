package dev.berth.executor.network;

import java.util.List;

/**
 * A managed bridge network as this node builds it, from the LXD config keys: {@code bridge.mtu},
 * {@code bridge.hwaddr}, {@code ipv4.address} (null for none), {@code ipv4.nat}, {@code ipv4.dhcp.ranges},
 * {@code ipv4.dhcp.expiry} and {@code dns.domain}. The bridge is named after the network, as in LXD.
 */
public record NetworkSpec(String name, int mtu, String hwaddr, Ipv4Cidr ipv4Address, boolean nat,
        List<DhcpRange> dhcpRanges, String leaseTime, String domain) {
    public NetworkSpec {
        NetNames.iface("network name", name);
        dhcpRanges = dhcpRanges == null ? List.of() : List.copyOf(dhcpRanges);
        domain = domain == null || domain.isBlank() ? "berth" : domain;
    }

    public BridgeSpec bridge() {
        return new BridgeSpec(name, mtu, hwaddr, ipv4Address);
    }

    public FirewallSpec firewall() {
        return new FirewallSpec(name, name, ipv4Address, nat);
    }

    public DnsmasqSpec dnsmasq() {
        return new DnsmasqSpec(name, name, ipv4Address, dhcpRanges, leaseTime, domain, mtu);
    }
}
