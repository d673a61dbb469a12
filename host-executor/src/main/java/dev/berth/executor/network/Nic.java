package dev.berth.executor.network;

/**
 * A NIC as plumbed: the generated values ({@code hostName}, {@code hwaddr}) are what the caller stores as
 * {@code volatile.<dev>.host_name} and {@code volatile.<dev>.hwaddr}, so a restart or an unplug finds the same ones.
 */
public record Nic(String hostName, String name, String hwaddr, int mtu, Ipv4Cidr address) {
}
