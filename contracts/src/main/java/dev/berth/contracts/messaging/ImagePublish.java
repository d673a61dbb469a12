package dev.berth.contracts.messaging;

import java.util.List;
import java.util.Map;

/**
 * What the user asked of an image made from an instance ({@code POST /1.0/images} with an instance source).
 *
 * @param properties merged over the source image's properties in the new {@code metadata.yaml}
 * @param aliases names to point at the new image
 * @param compression {@code gzip} (default), {@code xz}, {@code zstd}, {@code bzip2} or {@code none}
 */
public record ImagePublish(Map<String, String> properties, List<String> aliases, boolean isPublic,
        String compression) {

    public ImagePublish {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        compression = compression == null || compression.isEmpty() ? "gzip" : compression;
    }
}
