package dev.berth.imageformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Parses and validates {@code metadata.yaml}: {@code architecture} and {@code creation_date} are mandatory. */
public final class MetadataParser {
    /** metadata.yaml is a few hundred bytes in practice; anything near this is not an image. */
    public static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MetadataParser() {
    }

    public static ImageMetadata parse(byte[] yaml) throws ImageFormatException {
        if (yaml.length > MAX_BYTES) {
            throw invalid("is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ImageFormatException("Invalid metadata.yaml: " + why, e);
        }
        if (root == null || !root.isObject()) {
            throw invalid("is not a YAML mapping");
        }
        JsonNode arch = root.get("architecture");
        if (arch == null || arch.isNull()) {
            throw invalid("architecture is missing");
        }
        if (!arch.isTextual() || arch.asText().isBlank()) {
            throw invalid("architecture must be a non-empty string");
        }
        long created = timestamp(root, "creation_date", true);
        long expiry = timestamp(root, "expiry_date", false);
        return new ImageMetadata(arch.asText(), created, expiry, strings(root.get("properties"), "properties"),
                templates(root.get("templates")));
    }

    private static long timestamp(JsonNode root, String field, boolean mandatory) throws ImageFormatException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (mandatory) {
                throw invalid(field + " is missing");
            }
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || (mandatory && n.asLong() == 0)) {
            throw invalid(field + " must be a unix timestamp, not " + n);
        }
        return n.asLong();
    }

    private static Map<String, String> strings(JsonNode node, String field) throws ImageFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw invalid(field + " must be a mapping");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isValueNode()) {
                throw invalid(field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return out;
    }

    private static Map<String, ImageMetadata.Template> templates(JsonNode node) throws ImageFormatException {
        Map<String, ImageMetadata.Template> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw invalid("templates must be a mapping");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), template("templates." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private static ImageMetadata.Template template(String field, JsonNode t) throws ImageFormatException {
        if (!t.isObject()) {
            throw invalid(field + " must be a mapping");
        }
        List<String> when = new ArrayList<>();
        JsonNode w = t.get("when");
        if (w == null || !w.isArray() || w.isEmpty()) {
            throw invalid(field + ".when must be a non-empty list");
        }
        for (JsonNode trigger : w) {
            if (!ImageMetadata.Template.TRIGGERS.contains(trigger.asText())) {
                throw invalid(field + ".when has an unknown trigger " + trigger + " (expected one of "
                        + ImageMetadata.Template.TRIGGERS + ")");
            }
            when.add(trigger.asText());
        }
        JsonNode file = t.get("template");
        if (file == null || !file.isTextual() || file.asText().isBlank()) {
            throw invalid(field + ".template is missing");
        }
        EntryValidator.normalise(file.asText(), "template file of " + field + ":");
        JsonNode createOnly = t.get("create_only");
        return new ImageMetadata.Template(when, file.asText(), createOnly != null && createOnly.asBoolean(),
                strings(t.get("properties"), field + ".properties"));
    }

    private static ImageFormatException invalid(String why) {
        return new ImageFormatException("Invalid metadata.yaml: " + why);
    }
}
