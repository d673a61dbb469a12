package dev.berth.contracts.lxd;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /1.0/profiles} (create, with {@code name}), {@code PUT}/{@code PATCH /1.0/profiles/{name}}
 * (the writable fields) and {@code POST /1.0/profiles/{name}} (rename: only {@code name}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfilesPost(String name, String description, Map<String, String> config,
        Map<String, Map<String, String>> devices) {
}
