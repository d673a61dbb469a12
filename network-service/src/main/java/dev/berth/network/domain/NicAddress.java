package dev.berth.network.domain;

/** One row of the allocations table: the address and MAC a NIC holds on a network. */
public record NicAddress(String network, String project, String instance, String device, String hwaddr,
        String ipv4, boolean isStatic) {
}
