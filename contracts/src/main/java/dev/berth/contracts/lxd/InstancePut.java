package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code PUT} and {@code PATCH /1.0/instances/{name}}: the instance's writable fields. Clients send back what
 * {@code GET} returned, so the read-only fields of {@link Instance} are accepted and ignored.
 *
 * @param restore a snapshot name: {@code PUT} with it restores the instance from that snapshot
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstancePut(String architecture, Map<String, String> config,
        Map<String, Map<String, String>> devices, Boolean ephemeral, List<String> profiles, Boolean stateful,
        String description, String restore) {
}
