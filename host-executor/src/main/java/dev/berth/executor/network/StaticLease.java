package dev.berth.executor.network;

/**
 * An address network-service assigned to one NIC: dnsmasq hands it to that MAC, and resolves {@code hostname} (the
 * instance name) to it even when the instance never asks for DHCP.
 */
public record StaticLease(String hwaddr, String address, String hostname) {
    public StaticLease {
        hwaddr = NetNames.mac("hwaddr", hwaddr);
        address = Ipv4Cidr.format(Ipv4Cidr.parseAddress(address));
        NetNames.hostname(hostname);
    }
}
