package dev.berth.contracts.lxd;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An LXD background operation ({@code api.Operation}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Operation(String id, @JsonProperty("class") String operationClass, String description, Instant createdAt,
        Instant updatedAt,
        String status, int statusCode, Map<String, List<String>> resources, Map<String, Object> metadata,
        boolean mayCancel, String err, String location) {

    @JsonIgnore
    public String url() {
        return "/1.0/operations/" + id;
    }

    @JsonIgnore
    public boolean isFinal() {
        return StatusCode.of(statusCode).isFinal();
    }
}
