package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /1.0/instances}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstancesPost(String name, String type, Boolean start, Map<String, String> config,
        Map<String, Map<String, String>> devices, List<String> profiles, Boolean ephemeral, String description,
        String architecture, String instanceType, InstanceSource source) {

    /** {@code source} of {@code InstancesPost}; Berth implements {@code type: image} with an alias or fingerprint. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InstanceSource(String type, String alias, String fingerprint, String server, String protocol,
            String mode) {
    }
}
