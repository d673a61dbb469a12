package dev.berth.image.domain;

/** A name pointing at one image's fingerprint. */
public record ImageAlias(String name, String target, String description) {
}
