package dev.berth.contracts.lxd;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A trusted client certificate ({@code api.Certificate}): the PEM, its SHA-256 fingerprint and what it may reach. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Certificate(String name, String type, boolean restricted, List<String> projects, String certificate,
        String fingerprint, String description) {
}
