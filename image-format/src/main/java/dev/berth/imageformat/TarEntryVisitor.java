package dev.berth.imageformat;

import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Receives each validated entry of an image tarball, in archive order. */
@FunctionalInterface
public interface TarEntryVisitor {
    /**
     * @param path the normalised path inside the archive ({@code rootfs/bin/sh}), "" for the archive root
     * @param content the entry's bytes, readable until the next call; need not be consumed
     */
    void visit(TarArchiveEntry entry, String path, InputStream content) throws IOException;
}
