package dev.berth.contracts.lxd;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One entry of {@code GET /1.0/networks/{name}/leases}: {@code type} is {@code static} or {@code dynamic},
 * {@code hostname} the instance name, {@code location} the cluster member ({@code none} when standalone).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkLease(String hostname, String hwaddr, String address, String type, String location,
        String project) {
}
