package dev.berth.contracts.lxd;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /1.0/storage-pools} (create: {@code name}, {@code driver}, {@code config},
 * {@code description}) and of {@code PUT}/{@code PATCH /1.0/storage-pools/{name}} (only {@code description} and
 * {@code config} are read).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoragePoolsPost(String name, String driver, String description, Map<String, String> config) {

    public Map<String, String> configOrEmpty() {
        return config == null ? Map.of() : config;
    }
}
