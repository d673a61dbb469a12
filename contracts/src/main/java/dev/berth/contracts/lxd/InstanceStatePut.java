package dev.berth.contracts.lxd;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code PUT /1.0/instances/{name}/state}; {@code timeout} -1 means the server default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceStatePut(String action, Integer timeout, Boolean force, Boolean stateful) {
}
