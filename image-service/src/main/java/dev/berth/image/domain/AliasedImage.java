package dev.berth.image.domain;

import java.util.List;

/** An image together with the aliases that point at it. */
public record AliasedImage(Image image, List<ImageAlias> aliases) {
    public AliasedImage {
        aliases = List.copyOf(aliases);
    }
}
