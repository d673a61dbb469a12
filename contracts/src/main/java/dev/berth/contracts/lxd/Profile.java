package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/profiles/{name}}: a named set of config keys and devices that instances apply in order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Profile(String name, String description, Map<String, String> config,
        Map<String, Map<String, String>> devices, List<String> usedBy, String project) {
}
