package dev.berth.imageformat;

import java.io.InputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that remembers whether the archive ended with tar's end-of-archive record. Commons Compress treats a
 * stream that stops at an entry boundary as a normal end, which would let a truncated image through.
 */
final class StrictTarInputStream extends TarArchiveInputStream {
    private boolean endMarkerSeen;

    StrictTarInputStream(InputStream in) {
        super(in, "UTF-8");
    }

    @Override
    protected boolean isEOFRecord(byte[] record) {
        boolean eof = super.isEOFRecord(record);
        if (eof && record != null) {
            endMarkerSeen = true;
        }
        return eof;
    }

    /** True once the all-zero end-of-archive record was read. */
    boolean endMarkerSeen() {
        return endMarkerSeen;
    }
}
