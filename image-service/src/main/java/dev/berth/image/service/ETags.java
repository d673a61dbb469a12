package dev.berth.image.service;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import dev.berth.contracts.Json;
import dev.berth.image.domain.Fingerprints;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.domain.PreconditionFailedException;

/** LXD-style ETags: the sha256 of the JSON of the editable state, checked against {@code If-Match}. */
public final class ETags {
    private ETags() {
    }

    /** What Incus hashes for an image: public, auto_update and properties. */
    public static String of(Image image) {
        return hash(new Object[]{image.isPublic(), image.autoUpdate(), image.properties()});
    }

    public static String of(ImageAlias alias) {
        return hash(new Object[]{alias.name(), alias.description(), alias.target(), Image.TYPE_CONTAINER});
    }

    /** 412 when an {@code If-Match} was sent and does not name the current state. */
    public static void check(Optional<String> ifMatch, String current) {
        if (ifMatch.isEmpty() || ifMatch.get().isBlank()) {
            return;
        }
        String wanted = ifMatch.get().trim().replace("\"", "");
        if (!wanted.equals(current)) {
            throw new PreconditionFailedException("ETag doesn't match: " + wanted + " vs " + current);
        }
    }

    private static String hash(Object[] state) {
        byte[] json = Json.write(Arrays.asList(state)).getBytes(StandardCharsets.UTF_8);
        return Fingerprints.hex(Fingerprints.sha256().digest(json));
    }
}
