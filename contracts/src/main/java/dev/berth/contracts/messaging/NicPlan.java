package dev.berth.contracts.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One NIC of an instance as its host plumbs it: container-service resolves the {@code nic} device against
 * network-service's IPAM and hands the executor everything it needs to configure the interface before init runs.
 *
 * @param network the managed network (null for {@code nictype=bridged} on an unmanaged {@code parent})
 * @param bridge the host bridge the veth joins (the network's name, or {@code parent})
 * @param name the interface name inside the container ({@code eth0})
 * @param hwaddr the MAC, recorded as {@code volatile.<dev>.hwaddr}
 * @param ipv4 the address to configure (null: none, the image's DHCP client may ask dnsmasq)
 * @param prefix the prefix length of {@code ipv4}
 * @param gateway the default route and DNS server (the bridge's address), null for none
 * @param mtu the interface MTU, 0 for the bridge's default
 * @param dnsDomain the search domain for {@code /etc/resolv.conf}, null for none
 * @param hostName the host end's name; null lets the executor derive one
 * @param macFiltering {@code security.mac_filtering}: frames must carry {@code hwaddr}
 * @param ipv4Filtering {@code security.ipv4_filtering}: packets and ARP must carry {@code ipv4}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NicPlan(String network, String bridge, String name, String hwaddr, String ipv4, int prefix,
        String gateway, int mtu, String dnsDomain, String hostName, boolean macFiltering, boolean ipv4Filtering) {
}
