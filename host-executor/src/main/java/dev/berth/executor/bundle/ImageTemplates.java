package dev.berth.executor.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Applies an image's {@code templates} (from {@code metadata.yaml}) when an instance is created, as LXD does for
 * {@code /etc/hostname} and {@code /etc/hosts}. Only the variables images use for that are understood:
 * {@code instance.name} and {@code container.name}; a template with other tags is copied with them left as they are.
 */
public final class ImageTemplates {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*(instance|container)\\.name\\s*}}");

    private ImageTemplates() {
    }

    /** Renders the templates whose {@code when} holds {@code trigger} into the container's {@code upper} layer. */
    public static void apply(Path imageDir, Path upper, String instanceName, String trigger) {
        Path metadata = imageDir.resolve("metadata.yaml");
        if (!Files.isRegularFile(metadata)) {
            return;
        }
        try {
            String yaml = Files.readString(metadata);
            if (!yaml.contains("templates:")) {
                return; // most images have none: skip the YAML parse on the launch path
            }
            JsonNode templates = YAML.readTree(yaml).path("templates");
            for (Map.Entry<String, JsonNode> t : (Iterable<Map.Entry<String, JsonNode>>) templates::fields) {
                List<String> when = YAML.convertValue(t.getValue().path("when"),
                        YAML.getTypeFactory().constructCollectionType(List.class, String.class));
                Path source = imageDir.resolve("templates").resolve(t.getValue().path("template").asText(""))
                        .normalize();
                if (when == null || !when.contains(trigger) || !source.startsWith(imageDir.resolve("templates"))
                        || !Files.isRegularFile(source)) {
                    continue;
                }
                Path target = upper.resolve(t.getKey().replaceFirst("^/+", "")).normalize();
                if (!target.startsWith(upper)) {
                    continue; // a template may not write outside the container
                }
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.writeString(target, render(Files.readString(source), instanceName));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the image templates: " + e.getMessage(), e);
        }
    }

    static String render(String template, String instanceName) {
        return VARIABLE.matcher(template).replaceAll(Matcher.quoteReplacement(instanceName));
    }
}
