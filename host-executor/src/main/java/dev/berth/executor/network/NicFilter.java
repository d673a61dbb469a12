package dev.berth.executor.network;

/**
 * The anti-spoofing entries of one NIC, keyed by its host-side veth: {@code security.mac_filtering} (frames must
 * carry {@code mac}) and {@code security.ipv4_filtering} (packets and ARP must carry {@code ipv4}). A null value
 * turns that filter off.
 */
public record NicFilter(String hostName, String mac, String ipv4) {
    public NicFilter {
        NetNames.iface("host_name", hostName);
        mac = mac == null ? null : NetNames.mac("hwaddr", mac);
        ipv4 = ipv4 == null ? null : Ipv4Cidr.format(Ipv4Cidr.parseAddress(ipv4));
    }
}
