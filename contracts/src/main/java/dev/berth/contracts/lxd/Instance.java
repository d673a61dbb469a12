package dev.berth.contracts.lxd;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /1.0/instances/{name}}; with {@code state} set it is LXD's {@code InstanceFull} ({@code recursion=1} on
 * the instance, {@code recursion=2} on the list).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Instance(String architecture, Map<String, String> config, Map<String, Map<String, String>> devices,
        boolean ephemeral, List<String> profiles, boolean stateful, String description, Instant createdAt,
        Map<String, String> expandedConfig, Map<String, Map<String, String>> expandedDevices, String name,
        String status, int statusCode, Instant lastUsedAt, String location, String type, String project,
        InstanceState state, List<Object> snapshots, List<Object> backups) {

    /** The same instance listing {@code list} as its snapshots, as the full instance (recursion) shows them. */
    public Instance withSnapshots(List<?> list) {
        return new Instance(architecture, config, devices, ephemeral, profiles, stateful, description, createdAt,
                expandedConfig, expandedDevices, name, status, statusCode, lastUsedAt, location, type, project, state,
                List.copyOf(list), backups);
    }

    public Instance withState(InstanceState s) {
        return new Instance(architecture, config, devices, ephemeral, profiles, stateful, description, createdAt,
                expandedConfig, expandedDevices, name, status, statusCode, lastUsedAt, location, type, project, s,
                List.of(), List.of());
    }
}
