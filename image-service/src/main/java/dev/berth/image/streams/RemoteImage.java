package dev.berth.image.streams;

import java.util.List;
import java.util.Optional;

import dev.berth.image.streams.Simplestreams.Item;

/**
 * An image a simplestreams server offers, as Incus' {@code Products.ToAPI} derives it: a unified tarball
 * ({@code meta} only, whose sha256 is the fingerprint) or a metadata item plus a rootfs item.
 *
 * @param serial the version name, {@code YYYYMMDD...}; later serials are newer
 */
public record RemoteImage(String fingerprint, List<String> aliases, String architecture, String serial, Item meta,
        Optional<Item> root) {

    /** Whether {@code name} is one of its aliases, short ({@code debian/12}) or with the architecture. */
    public boolean answersTo(String name) {
        return aliases.stream().anyMatch(a -> a.equals(name) || (a + "/" + architecture).equals(name));
    }

    /** The file name of the metadata (or unified) file: the last segment of its path. */
    public String filename() {
        String path = meta.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
