package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/networks/{name}}: a managed network ({@code type} bridge) and who uses it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Network(String name, String description, String type, boolean managed, String status,
        Map<String, String> config, List<String> usedBy, List<String> locations) {
}
