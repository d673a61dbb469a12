package dev.berth.image.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The {@code metadata.yaml} of a unified image, without templates. */
public record ImageMetadata(String architecture, long creationDate, Map<String, String> properties) {

    public ImageMetadata {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Renders YAML with sorted keys and quoted strings, so the bytes depend only on the values. */
    public String toYaml() {
        StringBuilder yaml = new StringBuilder()
                .append("architecture: ").append(quote(architecture)).append('\n')
                .append("creation_date: ").append(creationDate).append('\n')
                .append("properties:\n");
        new TreeMap<>(properties).forEach((key, value) -> yaml.append("  ").append(key).append(": ")
                .append(quote(value)).append('\n'));
        return yaml.append("templates: {}\n").toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
