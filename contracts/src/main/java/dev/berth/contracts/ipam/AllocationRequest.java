package dev.berth.contracts.ipam;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of network-service's {@code POST /internal/networks/{name}/allocations}: an address for one NIC of an
 * instance. {@code ipv4} is the NIC's static {@code ipv4.address} (null for a dynamic one) and {@code hwaddr} its MAC
 * (null to have one generated, LXD-style {@code 00:16:3e:xx:xx:xx}). Asking again for the same NIC returns what it
 * holds when the request still fits it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AllocationRequest(String project, String instance, String device, String ipv4, String hwaddr) {
}
