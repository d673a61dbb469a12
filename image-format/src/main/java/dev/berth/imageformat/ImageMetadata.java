package dev.berth.imageformat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image's {@code metadata.yaml}, validated.
 *
 * @param creationDate unix seconds
 * @param expiryDate unix seconds, 0 when the image does not expire
 * @param templates keyed by the path the template renders to, e.g. {@code /etc/hostname}
 */
public record ImageMetadata(String architecture, long creationDate, long expiryDate, Map<String, String> properties,
        Map<String, Template> templates) {

    public ImageMetadata {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /**
     * One template: when to render it and from which file under {@code templates/}.
     *
     * @param when any of {@code create}, {@code copy}, {@code start}, {@code rename}
     */
    public record Template(List<String> when, String template, boolean createOnly, Map<String, String> properties) {
        public static final List<String> TRIGGERS = List.of("create", "copy", "start", "rename");

        public Template {
            when = List.copyOf(when);
            properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        }
    }
}
