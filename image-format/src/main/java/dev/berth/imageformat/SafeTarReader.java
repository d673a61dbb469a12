package dev.berth.imageformat;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads a (compressed) image tarball as a stream, validating every entry before handing it to a visitor, and only
 * succeeds when the archive is complete: tar's end-of-archive record is present and the compressed stream ends
 * cleanly (its checksum verified). Nothing is buffered beyond one entry header.
 */
public final class SafeTarReader {
    private final ArchiveLayout layout;
    private final UnpackLimits limits;

    public SafeTarReader(ArchiveLayout layout, UnpackLimits limits) {
        this.layout = layout;
        this.limits = limits;
    }

    /** Reads all of {@code raw} (it is consumed to its end but not closed). */
    public TarSummary read(InputStream raw, TarEntryVisitor visitor) throws IOException {
        InputStream buffered = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        Compression compression = Compression.detect(Compression.peek(buffered));
        LimitedCountingInputStream tarStream;
        try {
            tarStream = new LimitedCountingInputStream(compression.open(buffered), limits.maxUnpackedBytes());
        } catch (IOException e) {
            throw malformed(e);
        }
        EntryValidator validator = new EntryValidator(layout, limits);
        StrictTarInputStream tar = new StrictTarInputStream(tarStream);
        InputStream content = new EntryContent(tar);
        try {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
                String path = validator.validate(entry);
                try {
                    visitor.visit(entry, path, content);
                } catch (IOException e) {
                    throw new VisitorFailure(e);
                }
            }
            if (!tar.endMarkerSeen()) {
                throw new ImageFormatException(
                        "Image tarball is truncated: it ends without tar's end-of-archive record");
            }
            // Drain to the compressor's end so its trailer (CRC, size) is checked and cut-off streams are caught.
            tarStream.transferTo(OutputStream.nullOutputStream());
        } catch (VisitorFailure e) {
            throw e.getCause();
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(e);
        }
        return new TarSummary(compression, validator.entries(), tarStream.count(), validator.contentBytes());
    }

    /** An entry's bytes for the visitor: a failure to read them is the archive's fault, so it is reported as such. */
    private static final class EntryContent extends java.io.FilterInputStream {
        EntryContent(InputStream tar) {
            super(tar);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ImageFormatException e) {
                throw e;
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ImageFormatException e) {
                throw e;
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        @Override
        public void close() {
            // the visitor does not own the archive
        }
    }

    /** Carries the visitor's own I/O failure (a full disk, say) past the handling of malformed input. */
    private static final class VisitorFailure extends RuntimeException {
        VisitorFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static ImageFormatException malformed(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof EOFException
                || message.toLowerCase(java.util.Locale.ROOT).matches(".*(truncat|unexpected end|premature end).*")) {
            return new ImageFormatException("Image tarball is truncated: " + e.getMessage(), e);
        }
        return new ImageFormatException("Image tarball is malformed: " + e.getMessage(), e);
    }
}
