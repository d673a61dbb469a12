package dev.berth.contracts.lxd;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of LXD's {@code /1.0/events} stream ({@code api.Event}): {@code type} is {@code operation},
 * {@code lifecycle} or {@code logging}, {@code metadata} an {@link Operation} or lifecycle metadata.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Event(String type, Instant timestamp, JsonNode metadata, String location, String project) {
    public static final String OPERATION = "operation";
    public static final String LIFECYCLE = "lifecycle";
    public static final String LOGGING = "logging";
}
