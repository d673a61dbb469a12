package dev.berth.image.rest;

import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;

/** LXD's {@code api.ImageAliasesEntry} ({@code GET /1.0/images/aliases/{name}}). */
public record LxdImageAliasesEntry(String name, String description, String target, String type) {

    public static LxdImageAliasesEntry of(ImageAlias alias) {
        return new LxdImageAliasesEntry(alias.name(), alias.description(), alias.target(), Image.TYPE_CONTAINER);
    }
}
