package dev.berth.imageformat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** The compressions LXD images use, recognised by their magic bytes rather than by file name. */
public enum Compression {
    GZIP(".tar.gz", new byte[]{0x1f, (byte) 0x8b}),
    XZ(".tar.xz", new byte[]{(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
    ZSTD(".tar.zst", new byte[]{0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
    BZIP2(".tar.bz2", new byte[]{'B', 'Z', 'h'}),
    NONE(".tar", new byte[0]);

    /** Enough leading bytes to tell every format apart, squashfs included. */
    public static final int MAGIC_LENGTH = 8;

    private final String extension;
    private final byte[] magic;

    Compression(String extension, byte[] magic) {
        this.extension = extension;
        this.magic = magic;
    }

    /** The file name suffix LXD gives a tarball of this compression, e.g. {@code .tar.xz}. */
    public String extension() {
        return extension;
    }

    /** The compression whose magic starts {@code head}; {@link #NONE} when none matches. */
    public static Compression detect(byte[] head) {
        for (Compression c : values()) {
            if (c != NONE && head.length >= c.magic.length
                    && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    /** Peeks at the first bytes of {@code in}, which must support mark/reset, without consuming them. */
    public static byte[] peek(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("peek needs a stream that supports mark/reset");
        }
        in.mark(MAGIC_LENGTH);
        byte[] head = in.readNBytes(MAGIC_LENGTH);
        in.reset();
        return head;
    }

    /** Decompresses {@code in}; concatenated members (pigz, pixz) are read as one stream. */
    public InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GzipCompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> new ZstdCompressorInputStream(in);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case NONE -> in;
        };
    }
}
