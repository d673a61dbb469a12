package dev.berth.executor.network;

/** One {@code ipv4.dhcp.ranges} entry, first and last address inclusive. */
public record DhcpRange(int first, int last) {

    /** Parses LXD's {@code 10.23.5.100-10.23.5.199}. */
    public static DhcpRange parse(String text) {
        String[] ends = text == null ? new String[0] : text.strip().split("-");
        if (ends.length != 2) {
            throw NetworkException.badRequest("invalid ipv4.dhcp.ranges entry (want FIRST-LAST): " + text);
        }
        return new DhcpRange(Ipv4Cidr.parseAddress(ends[0]), Ipv4Cidr.parseAddress(ends[1]));
    }

    /** The usable addresses of {@code subnet}: all but the network and broadcast addresses (dnsmasq skips its own). */
    public static DhcpRange wholeSubnet(Ipv4Cidr subnet) {
        return new DhcpRange(subnet.at(1), subnet.at(0) + ~subnet.mask() - 1);
    }

    @Override
    public String toString() {
        return Ipv4Cidr.format(first) + "-" + Ipv4Cidr.format(last);
    }
}
