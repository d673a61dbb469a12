package dev.berth.image.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies every byte read from the source to a sink: one pass stores, hashes and validates an upload. */
final class TeeInputStream extends FilterInputStream {
    private final OutputStream sink;

    TeeInputStream(InputStream source, OutputStream sink) {
        super(source);
        this.sink = sink;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sink.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sink.write(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 1 << 16)];
        return Math.max(read(buffer, 0, buffer.length), 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the caller owns both ends
    }
}
