package dev.berth.executor.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory tree into a tar under a prefix, keeping what a root filesystem needs: numeric owners, modes,
 * mtimes, symlinks, hard links (once per inode), device nodes and fifos. Sockets are skipped, as tar does.
 */
final class RootfsTarWriter {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;

    private final TarArchiveOutputStream tar;
    private final Map<Object, String> seenInodes = new HashMap<>();

    private final LongUnaryOperator ids;

    RootfsTarWriter(TarArchiveOutputStream tar, LongUnaryOperator ids) {
        this.tar = tar;
        this.ids = ids;
    }

    /** Adds {@code root}'s contents as {@code prefix/...}; {@code root} itself becomes {@code prefix/}. */
    void addTree(Path root, String prefix) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                add(dir, name(root, dir, prefix) + "/");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                add(file, name(root, file, prefix));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String name(Path root, Path p, String prefix) {
        String rel = root.relativize(p).toString();
        return rel.isEmpty() ? prefix : prefix + "/" + rel;
    }

    private void add(Path p, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,ino,dev,rdev,lastModifiedTime,size",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & S_IFMT;
        if (type == S_IFSOCK) {
            return;
        }
        TarArchiveEntry entry;
        boolean withData = false;
        if (Files.isSymbolicLink(p)) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            entry = new TarArchiveEntry(name, TarConstants.LF_DIR);
        } else if (type == S_IFCHR || type == S_IFBLK) {
            entry = new TarArchiveEntry(name, type == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
            long rdev = (Long) a.get("rdev");
            entry.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
            entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
        } else if (type == S_IFIFO) {
            entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else {
            String first = (Integer) a.get("nlink") > 1
                    ? seenInodes.putIfAbsent(
                            java.util.List.of(a.get("dev"), a.get("ino")), name)
                    : null;
            if (first != null) {
                entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                entry.setLinkName(first);
            } else {
                entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                entry.setSize((Long) a.get("size"));
                withData = true;
            }
        }
        entry.setMode(mode & 07777);
        entry.setIds((int) ids.applyAsLong((Integer) a.get("uid")), (int) ids.applyAsLong((Integer) a.get("gid")));
        entry.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis());
        tar.putArchiveEntry(entry);
        if (withData) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
