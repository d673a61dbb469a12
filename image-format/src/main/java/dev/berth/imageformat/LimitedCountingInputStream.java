package dev.berth.imageformat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it and fails once they pass a limit (a decompressed stream that keeps growing). */
final class LimitedCountingInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    LimitedCountingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping must count too, or a bomb could be skipped through; read instead.
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) throws ImageFormatException {
        count += n;
        if (count > limit) {
            throw new ImageFormatException(
                    "Image unpacks to more than " + limit + " bytes (decompression bomb or image too big)");
        }
    }
}
