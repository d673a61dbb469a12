package dev.berth.executor.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jboss.logging.Logger;

/**
 * Unpacks a (gzip-compressed) tarball keeping modes (including setuid/setgid/sticky), owners, symlinks, hardlinks and
 * modification times. Entries that would land outside the target are rejected.
 */
public final class TarballUnpacker {
    private static final Logger LOG = Logger.getLogger(TarballUnpacker.class);
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private record DirAttrs(Path dir, TarArchiveEntry entry) {
    }

    private TarballUnpacker() {
    }

    public static void unpack(Path tarball, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        List<DirAttrs> dirs = new ArrayList<>();
        int skipped = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
                Path path = inside(root, entry.getName());
                if (path.equals(root)) {
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    dirs.add(new DirAttrs(path, entry));
                } else if (entry.isSymbolicLink()) {
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    chown(path, entry);
                } else if (entry.isLink()) {
                    Files.deleteIfExists(path);
                    Files.createLink(path, inside(root, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    applyAttrs(path, entry);
                } else {
                    skipped++;
                }
            }
        }
        // Directories last and deepest first, so a read-only or setgid parent does not get in the way of its children.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            applyAttrs(dirs.get(i).dir(), dirs.get(i).entry());
        }
        if (skipped > 0) {
            LOG.warnf("unpack %s: skipped %d device or fifo entries", tarball.getFileName(), skipped);
        }
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(raw, true) : raw;
    }

    /** Resolves an archive name under {@code root}, refusing {@code ..} escapes and absolute names. */
    static Path inside(Path root, String name) throws IOException {
        String relative = name;
        while (relative.startsWith("/") || relative.startsWith("./")) {
            relative = relative.startsWith("/") ? relative.substring(1) : relative.substring(2);
        }
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("tar entry escapes the target: " + name);
        }
        return path;
    }

    private static void applyAttrs(Path path, TarArchiveEntry entry) throws IOException {
        chown(path, entry);
        // chown clears setuid/setgid, so the mode goes after it; unix:mode keeps all 12 permission bits.
        Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, NOFOLLOW);
        Files.setLastModifiedTime(path, FileTime.from(entry.getLastModifiedTime().toInstant()));
    }

    private static void chown(Path path, TarArchiveEntry entry) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
        Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
    }
}
