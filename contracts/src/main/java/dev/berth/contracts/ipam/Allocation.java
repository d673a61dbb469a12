package dev.berth.contracts.ipam;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An address network-service holds for one NIC, with what the executor needs to configure it without DHCP: the
 * address and prefix length, the gateway (the bridge's address), the MTU and DNS domain of the network (null when
 * unset).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Allocation(String network, String project, String instance, String device, String hwaddr,
        String ipv4, int prefix, String gateway, @JsonProperty("static") boolean isStatic, Integer mtu,
        String dnsDomain) {
}
