package dev.berth.contracts.lxd;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/networks/{name}/state}: the bridge interface as the host sees it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkState(List<Address> addresses, Counters counters, String hwaddr, long mtu, String state,
        String type) {

    /** One address of the interface; {@code family} is inet or inet6, {@code netmask} the prefix length. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Address(String family, String address, String netmask, String scope) {
    }

    /** Traffic counters of the interface. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counters(long bytesReceived, long bytesSent, long packetsReceived, long packetsSent) {
    }
}
