package dev.berth.image.streams;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import dev.berth.image.domain.Fingerprints;
import dev.berth.image.domain.InvalidRequestException;

/** Hashes what is read and, at the end of the stream, refuses it when its sha256 or size is not the expected one. */
final class VerifyingInputStream extends FilterInputStream {
    private final String what;
    private final String sha256;
    private final long size;
    private final MessageDigest digest = Fingerprints.sha256();
    private long read;
    private boolean verified;

    /** {@code sha256} may be null and {@code size} 0 when the index does not say. */
    VerifyingInputStream(InputStream in, String what, String sha256, long size) {
        super(in);
        this.what = what;
        this.sha256 = sha256;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n == -1) {
            verify();
            return -1;
        }
        digest.update(b, off, n);
        read += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 1 << 16)]);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (size > 0 && read != size) {
            throw new InvalidRequestException("Size mismatch for " + what + ": got " + read + " bytes, expected "
                    + size);
        }
        String actual = Fingerprints.hex(digest.digest());
        if (sha256 != null && !sha256.isBlank() && !sha256.equalsIgnoreCase(actual)) {
            throw new InvalidRequestException("Hash mismatch for " + what + ": " + actual + " != " + sha256);
        }
    }
}
