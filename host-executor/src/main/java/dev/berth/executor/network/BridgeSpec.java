package dev.berth.executor.network;

/**
 * What one managed network's Linux bridge should look like: {@code bridge.mtu}, {@code bridge.hwaddr} and
 * {@code ipv4.address} (null for {@code none}). A null hwaddr becomes a stable one derived from the name, because a
 * bridge without a fixed address takes its lowest port's MAC and changes it whenever ports come and go, which makes
 * every container's ARP entry for the gateway stale.
 */
public record BridgeSpec(String name, int mtu, String hwaddr, Ipv4Cidr gateway) {
    public static final int DEFAULT_MTU = 1500;

    public BridgeSpec {
        NetNames.iface("bridge name", name);
        if (mtu == 0) {
            mtu = DEFAULT_MTU;
        }
        if (mtu < 1280 || mtu > 65535) {
            throw NetworkException.badRequest("bridge.mtu must be 1280-65535: " + mtu);
        }
        hwaddr = hwaddr == null || hwaddr.isBlank() ? MacAddresses.stable(name) : NetNames.mac("bridge.hwaddr", hwaddr);
    }
}
