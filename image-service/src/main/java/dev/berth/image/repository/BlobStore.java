package dev.berth.image.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Storage for image files, named {@code <fingerprint>} (unified tarball, or the metadata of a split image) and
 * {@code <fingerprint>.rootfs}. Uploads are written to a staged temp file first and become visible only when
 * committed under their name, so readers never see a partial blob. The filesystem implementation is the only one
 * today; an object store can implement the same contract.
 */
public interface BlobStore {

    /** Produces a blob's bytes; the store owns (and closes) the stream. */
    @FunctionalInterface
    interface BlobWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A stored blob. */
    record BlobInfo(String name, long size) {
        /** The fingerprint part of the name. */
        public String fingerprint() {
            return name.length() > 64 ? name.substring(0, 64) : name;
        }
    }

    /** A temp file being written; {@link #close()} removes it unless it was committed. */
    interface Staged extends AutoCloseable {
        OutputStream output() throws IOException;

        /** The temp file, for tools that must read it (unsquashfs). */
        Path path();

        long size() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Starts a new temp file in the store. */
    Staged stage() throws IOException;

    /**
     * A new private directory on the store's filesystem for work that needs room (OCI conversion); hidden from
     * blob listings. The caller deletes it.
     */
    Path scratch() throws IOException;

    /** Makes a staged file visible under {@code name}; when the name exists already its bytes are the same. */
    void commit(Staged staged, String name) throws IOException;

    /**
     * Stores what {@code writer} produces under its own sha256 and returns it. Storing bytes that are already present
     * is a no-op, and a failed write leaves nothing behind.
     */
    BlobInfo put(BlobWriter writer) throws IOException;

    Optional<BlobInfo> stat(String name) throws IOException;

    /** Opens a stored blob for reading; throws {@link java.nio.file.NoSuchFileException} when it is absent. */
    InputStream open(String name) throws IOException;

    /** Removes a blob; returns false when it was absent. */
    boolean delete(String name) throws IOException;
}
