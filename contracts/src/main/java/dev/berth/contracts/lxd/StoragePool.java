package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /1.0/storage-pools/{name}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoragePool(String name, String driver, String description, Map<String, String> config,
        List<String> usedBy, String status, List<String> locations) {
}
