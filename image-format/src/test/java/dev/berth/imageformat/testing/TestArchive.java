package dev.berth.imageformat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import dev.berth.imageformat.Compression;

/** Builds image tarballs in memory for tests, including broken and malicious ones. Shared as a test-jar. */
public final class TestArchive {
    public static final String METADATA = "architecture: x86_64\ncreation_date: 1700000000\nproperties:\n"
            + "  os: testos\n  release: \"1\"\n  description: berth test image\n";

    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    private Compression compression = Compression.GZIP;
    private boolean endMarker = true;

    /** An empty archive; add entries yourself. */
    public static TestArchive empty() {
        return new TestArchive();
    }

    /** A small valid unified image: metadata.yaml, rootfs/ with a file, a symlink and a hardlink. */
    public static TestArchive unified() {
        return new TestArchive().file("metadata.yaml", 0644, METADATA).rootfs("rootfs/");
    }

    /** The metadata half of a split image. */
    public static TestArchive splitMetadata() {
        return new TestArchive().file("metadata.yaml", 0644, METADATA).dir("templates/", 0755)
                .file("templates/hostname.tpl", 0644, "{{ container.name }}\n");
    }

    /** The rootfs half of a split image. */
    public static TestArchive splitRootfs() {
        return new TestArchive().rootfs("");
    }

    private TestArchive rootfs(String prefix) {
        if (!prefix.isEmpty()) {
            dir(prefix, 0755);
        }
        return dir(prefix + "bin/", 0755).dir(prefix + "tmp/", 01777)
                .file(prefix + "bin/hello", 0755, "#!/bin/sh\necho hello\n")
                .symlink(prefix + "bin/hi", "hello").symlink(prefix + "bin/abs", "/bin/hello")
                .hardlink(prefix + "bin/hello-again", prefix + "bin/hello")
                .file(prefix + "etc/hostname", 0644, "test\n");
    }

    public TestArchive compression(Compression c) {
        this.compression = c;
        return this;
    }

    /** Leaves out tar's end-of-archive record: the archive stops cleanly at an entry boundary. */
    public TestArchive withoutEndMarker() {
        this.endMarker = false;
        return this;
    }

    public TestArchive dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
        e.setMode(040000 | mode);
        return add(e, null);
    }

    public TestArchive file(String name, int mode, String content) {
        return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestArchive file(String name, int mode, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL, true);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        e.setUserId(1000);
        e.setGroupId(1000);
        e.setModTime(1_600_000_000_000L);
        return add(e, content);
    }

    public TestArchive symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        return add(e, null);
    }

    public TestArchive hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
        e.setLinkName(target);
        return add(e, null);
    }

    public TestArchive charDevice(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_CHR, true);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return add(e, null);
    }

    public TestArchive fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_FIFO, true);
        e.setMode(010644);
        return add(e, null);
    }

    /** A file with a PAX extended attribute. */
    public TestArchive fileWithXattr(String name, String xattr, String value) {
        file(name, 0644, "xattr\n");
        entries.get(entries.size() - 1).addPaxHeader("SCHILY.xattr." + xattr, value);
        return this;
    }

    public TestArchive add(TarArchiveEntry entry, byte[] content) {
        entries.add(entry);
        contents.add(content);
        return this;
    }

    /** The compressed archive. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = compressor(out, compression)) {
            c.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The compressed archive cut short: only the first {@code fraction} of its bytes. */
    public byte[] truncated(double fraction) {
        byte[] all = bytes();
        return Arrays.copyOf(all, (int) (all.length * fraction));
    }

    private byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        long end = 0;
        for (int i = 0; i < entries.size(); i++) {
            tar.putArchiveEntry(entries.get(i));
            if (contents.get(i) != null) {
                tar.write(contents.get(i));
            }
            tar.closeArchiveEntry();
            end = tar.getBytesWritten();
        }
        tar.finish();
        tar.close();
        byte[] bytes = out.toByteArray();
        return endMarker ? bytes : Arrays.copyOf(bytes, (int) end);
    }

    /** Wraps {@code out} in the compressor for {@code c}. */
    public static OutputStream compressor(OutputStream out, Compression c) throws IOException {
        return switch (c) {
            case GZIP -> new GzipCompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out, 1);
            case ZSTD -> new ZstdCompressorOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case NONE -> out;
        };
    }

    /** metadata.yaml for the given fields, e.g. {@code Map.of("architecture", "x86_64")}. */
    public static String yaml(Map<String, Object> fields) {
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
        return s.toString();
    }
}
