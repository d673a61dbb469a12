package dev.berth.image.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.domain.Fingerprints;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.ImageCatalog;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.Squashfs;

/**
 * What simplestreams items say about a stored file that the image record does not: its suffix and, for each half of
 * a split image, its own sha256. Blobs are content-addressed and never change under their name, so each is read
 * once per process and remembered.
 */
@ApplicationScoped
public class BlobFacts {

    /** A blob's file-name suffix ({@code .tar.xz}, {@code .squashfs}, ...). */
    public record Kind(String extension, boolean squashfs) {
    }

    @Inject
    ImageCatalog catalog;

    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();

    public Kind kind(BlobInfo blob) throws IOException {
        Kind kind = kinds.get(blob.name());
        if (kind == null) {
            byte[] head;
            try (InputStream in = catalog.open(blob)) {
                head = in.readNBytes(Compression.MAGIC_LENGTH);
            }
            boolean squashfs = Squashfs.isSquashfs(head);
            kind = new Kind(squashfs ? ".squashfs" : Compression.detect(head).extension(), squashfs);
            kinds.put(blob.name(), kind);
        }
        return kind;
    }

    /** The sha256 of the blob's bytes (one full read the first time). */
    public String sha256(BlobInfo blob) throws IOException {
        String digest = digests.get(blob.name());
        if (digest == null) {
            MessageDigest md = Fingerprints.sha256();
            try (InputStream in = new DigestInputStream(catalog.open(blob), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            digest = Fingerprints.hex(md.digest());
            digests.put(blob.name(), digest);
        }
        return digest;
    }
}
