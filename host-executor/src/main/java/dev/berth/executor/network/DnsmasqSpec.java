package dev.berth.executor.network;

import java.util.List;

/**
 * The DHCP and DNS service of one network: the bridge it serves, the gateway it listens on, {@code ipv4.dhcp.ranges}
 * (empty for the whole subnet), the lease time ({@code ipv4.dhcp.expiry}, dnsmasq syntax such as {@code 1h}),
 * {@code dns.domain}, the bridge MTU (announced by DHCP when not 1500) and whether it serves DHCP at all
 * ({@code ipv4.dhcp}; without, only DNS).
 */
public record DnsmasqSpec(String network, String bridge, Ipv4Cidr gateway, List<DhcpRange> ranges, String leaseTime,
        String domain, int mtu, boolean dhcp) {
    public DnsmasqSpec(String network, String bridge, Ipv4Cidr gateway, List<DhcpRange> ranges, String leaseTime,
            String domain, int mtu) {
        this(network, bridge, gateway, ranges, leaseTime, domain, mtu, true);
    }

    public DnsmasqSpec {
        NetNames.iface("network name", network);
        NetNames.iface("bridge name", bridge);
        if (gateway == null) {
            throw NetworkException.badRequest("dnsmasq needs an ipv4.address");
        }
        ranges = ranges == null || ranges.isEmpty() ? List.of(DhcpRange.wholeSubnet(gateway)) : List.copyOf(ranges);
        for (DhcpRange range : ranges) {
            if (!gateway.contains(range.first()) || !gateway.contains(range.last()) || range.first() > range.last()) {
                throw NetworkException.badRequest("ipv4.dhcp.ranges: " + range + " is not inside " + gateway.subnet());
            }
        }
        leaseTime = leaseTime == null || leaseTime.isBlank() ? "1h" : leaseTime;
        if (!leaseTime.matches("\\d+[smhdw]?|infinite")) {
            throw NetworkException.badRequest("invalid ipv4.dhcp.expiry: " + leaseTime);
        }
        NetNames.domain(domain);
        mtu = mtu == 0 ? BridgeSpec.DEFAULT_MTU : mtu;
    }
}
