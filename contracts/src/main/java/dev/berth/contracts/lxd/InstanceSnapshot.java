package dev.berth.contracts.lxd;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/instances/{name}/snapshots/{snapshot}}: the settings the instance had when it was taken. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceSnapshot(String name, Instant createdAt, boolean stateful, String architecture,
        Map<String, String> config, Map<String, Map<String, String>> devices, List<String> profiles,
        boolean ephemeral, String description, Instant expiresAt, Instant lastUsedAt, long size) {
}
