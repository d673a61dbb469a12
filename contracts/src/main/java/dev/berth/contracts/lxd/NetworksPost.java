package dev.berth.contracts.lxd;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /1.0/networks} (create: {@code name}, {@code type}, {@code config}, {@code description}), of
 * {@code PUT}/{@code PATCH /1.0/networks/{name}} (only {@code description} and {@code config} are read) and of the
 * rename {@code POST /1.0/networks/{name}} (only {@code name}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworksPost(String name, String description, String type, Map<String, String> config) {

    public Map<String, String> configOrEmpty() {
        return config == null ? Map.of() : config;
    }
}
