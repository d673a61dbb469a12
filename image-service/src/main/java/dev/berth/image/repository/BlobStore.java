package dev.berth.image.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Content-addressed storage for image tarballs: a blob's key is the sha256 hex of its bytes. The filesystem
 * implementation is the only one today; an object store can implement the same contract.
 */
public interface BlobStore {

    /** Produces a blob's bytes; the store owns (and closes) the stream. */
    @FunctionalInterface
    interface BlobWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A stored blob. */
    record BlobInfo(String fingerprint, long size) {
    }

    /**
     * Stores what {@code writer} produces under its sha256 and returns it. Storing bytes that are already present is a
     * no-op, and a failed write leaves nothing behind.
     */
    BlobInfo put(BlobWriter writer) throws IOException;

    Optional<BlobInfo> stat(String fingerprint) throws IOException;

    /** Opens a stored blob for reading; throws {@link java.nio.file.NoSuchFileException} when it is absent. */
    InputStream open(String fingerprint) throws IOException;

    /** Removes a blob; returns false when it was absent. */
    boolean delete(String fingerprint) throws IOException;
}
