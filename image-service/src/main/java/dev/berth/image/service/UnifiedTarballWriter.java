package dev.berth.image.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import dev.berth.image.domain.TarEntry;

/**
 * Writes a gzip-compressed tarball whose bytes depend only on the entries: sorted by path, one fixed mtime, owner
 * root:root (0:0), and a gzip header without a timestamp or file name. Same entries, same sha256.
 */
public final class UnifiedTarballWriter {
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_SYMLINK = 0120000;

    private UnifiedTarballWriter() {
    }

    /** Writes the archive to {@code out} and finishes it; {@code out} is left open. */
    public static void write(List<TarEntry> entries, long mtimeEpochSeconds, OutputStream out) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(3); // Unix, whatever the build host
        gzip.setCompressionLevel(Deflater.BEST_COMPRESSION);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, gzip);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<TarEntry> sorted = entries.stream().sorted(Comparator.comparing(TarEntry::path)).toList();
        for (TarEntry entry : sorted) {
            writeEntry(tar, entry, mtimeEpochSeconds * 1000);
        }
        tar.finish();
        gz.finish();
        out.flush();
    }

    private static void writeEntry(TarArchiveOutputStream tar, TarEntry entry, long mtimeMillis) throws IOException {
        TarArchiveEntry header = header(entry);
        header.setModTime(mtimeMillis);
        header.setUserId(0);
        header.setGroupId(0);
        header.setUserName("root");
        header.setGroupName("root");
        tar.putArchiveEntry(header);
        if (entry instanceof TarEntry.Content c) {
            tar.write(c.bytes());
        } else if (entry instanceof TarEntry.HostFile f) {
            Files.copy(f.source(), tar);
        }
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry header(TarEntry entry) throws IOException {
        if (entry instanceof TarEntry.Directory d) {
            TarArchiveEntry h = new TarArchiveEntry(d.path() + "/", TarConstants.LF_DIR);
            h.setMode(TYPE_DIRECTORY | d.mode());
            return h;
        } else if (entry instanceof TarEntry.Symlink s) {
            TarArchiveEntry h = new TarArchiveEntry(s.path(), TarConstants.LF_SYMLINK);
            h.setLinkName(s.target());
            h.setMode(TYPE_SYMLINK | s.mode());
            return h;
        } else if (entry instanceof TarEntry.Content c) {
            return file(c.path(), c.mode(), c.bytes().length);
        } else if (entry instanceof TarEntry.HostFile f) {
            return file(f.path(), f.mode(), Files.size(f.source()));
        }
        throw new IllegalArgumentException("unknown tar entry " + entry);
    }

    private static TarArchiveEntry file(String path, int mode, long size) {
        TarArchiveEntry h = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
        h.setMode(TYPE_FILE | mode);
        h.setSize(size);
        return h;
    }
}
