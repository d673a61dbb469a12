package dev.berth.image.domain;

/**
 * Where a cached image came from, LXD's {@code update_source}: the image server, its protocol and the alias asked
 * for (empty when pulled by fingerprint).
 */
public record ImageSource(String fingerprint, String server, String protocol, String alias, String certificate,
        String imageType) {
}
