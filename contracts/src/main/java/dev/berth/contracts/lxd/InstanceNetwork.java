package dev.berth.contracts.lxd;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One interface under {@code network} in {@code GET /1.0/instances/{name}/state}, as LXD shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceNetwork(List<Address> addresses, Counters counters, String hwaddr, String hostName, int mtu,
        String state, String type) {

    /** {@code family} is inet or inet6; {@code netmask} the prefix length as text; {@code scope} global or local. */
    public record Address(String family, String address, String netmask, String scope) {
    }

    /** Seen from inside the instance: what it received and sent. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counters(long bytesReceived, long bytesSent, long packetsReceived, long packetsSent,
            long errorsReceived, long errorsSent, long packetsDroppedOutbound, long packetsDroppedInbound) {
    }
}
