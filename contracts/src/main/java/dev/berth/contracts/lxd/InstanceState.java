package dev.berth.contracts.lxd;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/instances/{name}/state}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceState(String status, int statusCode, Map<String, Object> disk, Memory memory,
        Map<String, Object> network, long pid, long processes, Cpu cpu) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Memory(long usage, long usagePeak, long total, long swapUsage, long swapUsagePeak) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cpu(long usage, long allocatedTime) {
    }

    public static InstanceState stopped() {
        return new InstanceState("Stopped", 102, Map.of(), new Memory(0, 0, 0, 0, 0), Map.of(), 0, 0, new Cpu(0, 0));
    }
}
