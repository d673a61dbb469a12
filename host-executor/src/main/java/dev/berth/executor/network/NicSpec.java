package dev.berth.executor.network;

import java.nio.file.Path;

/**
 * One bridged NIC of a container: the pid of its init (whose {@code /proc/<pid>/ns/net} is the container's network
 * namespace), the bridge, the device name inside ({@code eth0}), {@code host_name} and {@code hwaddr} (null:
 * generated), the MTU (0: 1500), and optionally the IPAM address and gateway to configure before init runs.
 */
public record NicSpec(long pid, String bridge, String name, String hostName, String hwaddr, int mtu, Ipv4Cidr address,
        String gateway) {
    public NicSpec {
        if (pid <= 0) {
            throw NetworkException.badRequest("invalid container pid: " + pid);
        }
        NetNames.iface("bridge name", bridge);
        NetNames.iface("nic name", name);
        hostName = hostName == null || hostName.isBlank() ? null : NetNames.iface("host_name", hostName);
        hwaddr = hwaddr == null || hwaddr.isBlank() ? null : NetNames.mac("hwaddr", hwaddr);
        mtu = mtu == 0 ? BridgeSpec.DEFAULT_MTU : mtu;
        if (mtu < 1280 || mtu > 65535) {
            throw NetworkException.badRequest("mtu must be 1280-65535: " + mtu);
        }
        gateway = gateway == null ? null : Ipv4Cidr.format(Ipv4Cidr.parseAddress(gateway));
        if (gateway != null && address == null) {
            throw NetworkException.badRequest("a gateway needs an ipv4.address");
        }
    }

    /** The same NIC with {@code host_name} and {@code hwaddr} filled in. */
    NicSpec resolved(String host, String mac) {
        return new NicSpec(pid, bridge, name, host, mac, mtu, address, gateway);
    }

    Path netns() {
        return Path.of("/proc", Long.toString(pid), "ns", "net");
    }
}
