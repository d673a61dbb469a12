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
 * What a simplestreams item says about a stored blob: its sha256 and file-name suffix. Blobs are content-addressed
 * and never change under their name, so each is read once per process and remembered.
 */
@ApplicationScoped
public class BlobFacts {

    /** A blob's sha256, size and suffix ({@code .tar.xz}, {@code .squashfs}, ...). */
    public record Facts(String sha256, long size, String extension, boolean squashfs) {
    }

    @Inject
    ImageCatalog catalog;

    private final Map<String, Facts> known = new ConcurrentHashMap<>();

    /**
     * The facts of {@code blob}. The sha256 is computed rather than taken from the fingerprint: an image imported
     * from OCI layers has a fingerprint that is not the hash of its stored file.
     */
    public Facts of(BlobInfo blob) throws IOException {
        Facts facts = known.get(blob.name());
        if (facts == null) {
            facts = read(blob);
            known.put(blob.name(), facts);
        }
        return facts;
    }

    private Facts read(BlobInfo blob) throws IOException {
        byte[] head;
        try (InputStream in = catalog.open(blob)) {
            head = in.readNBytes(Compression.MAGIC_LENGTH);
        }
        boolean squashfs = Squashfs.isSquashfs(head);
        String extension = squashfs ? ".squashfs" : Compression.detect(head).extension();
        return new Facts(digest(blob), blob.size(), extension, squashfs);
    }

    private String digest(BlobInfo blob) throws IOException {
        MessageDigest md = Fingerprints.sha256();
        try (InputStream in = new DigestInputStream(catalog.open(blob), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Fingerprints.hex(md.digest());
    }
}
