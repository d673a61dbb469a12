package dev.berth.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import dev.berth.contracts.Json;

/** The {@code --format} choices of the read commands. */
public enum OutputFormat {
    TABLE,
    JSON,
    YAML;

    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "limits.cpu: 2" would read back as a number; LXD's config values are strings
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    /** Renders raw API metadata as JSON or YAML; {@code TABLE} is the caller's business. */
    public String render(JsonNode metadata) {
        try {
            return switch (this) {
                case JSON -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(metadata) + "\n";
                case YAML -> YAML_MAPPER.writeValueAsString(metadata);
                case TABLE -> throw new IllegalStateException("tables are rendered by the command");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + this, e);
        }
    }
}
