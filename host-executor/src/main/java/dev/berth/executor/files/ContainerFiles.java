package dev.berth.executor.files;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.berth.executor.files.RootDir.Fd;

/**
 * File operations inside a container's root, as LXD's file API does them: every path goes through
 * {@link ContainerPath} and is opened below a pinned root with {@link RootDir}, owners are translated between the
 * container's ids and the ids the files are stored with, and a new entry gets LXD's defaults (uid/gid 0, 0644 files,
 * 0755 directories) while an existing one keeps what the request does not set.
 */
public final class ContainerFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    /** Linux's PATH_MAX: the longest symlink target accepted. */
    public static final int MAX_LINK_TARGET = 4096;

    private ContainerFiles() {
    }

    /** Owner, mode and type of an entry as the container sees them. */
    public record Attributes(FileHeaders.Type type, long uid, long gid, int mode, long size) {
        public String octalMode() {
            return String.format("%04o", mode);
        }
    }

    /** What a read finds: a file held open, a directory's entry names, or a link's target. */
    public sealed interface Found {
        Attributes attributes();
    }

    /** A regular file, open for reading at {@code fd} (the caller closes it). */
    public record FileFound(Attributes attributes, Fd fd) implements Found {
    }

    public record DirectoryFound(Attributes attributes, List<String> entries) implements Found {
    }

    public record LinkFound(Attributes attributes, String target) implements Found {
    }

    /** Reads {@code path}; a symlink as its last component is reported as such, not followed. */
    public static Found read(FilesRoot root, String path) {
        try (RootDir dir = RootDir.open(root.root())) {
            ContainerPath p = ContainerPath.resolve(root.root(), path, false);
            if (!p.exists()) {
                throw FileRefused.notFound(path);
            }
            try (Fd parent = dir.parentOf(p)) {
                Path entry = parent.child(p.name());
                Attributes a = attributes(root, entry, path);
                switch (a.type()) {
                    case SYMLINK :
                        return new LinkFound(a, Files.readSymbolicLink(entry).toString());
                    case DIRECTORY :
                        try (Fd d = dir.openBeneath(p.relative(), RootDir.O_RDONLY | RootDir.O_DIRECTORY, 0, path)) {
                            return new DirectoryFound(attributes(root, d, path), list(d.path()));
                        }
                    default :
                        Fd f = dir.openBeneath(p.relative(), RootDir.O_RDONLY | RootDir.O_NONBLOCK, 0, path);
                        Attributes opened = attributes(root, f, path);
                        if (opened.type() != FileHeaders.Type.FILE) {
                            f.close();
                            throw FileRefused.badRequest("Path \"" + path + "\" is not a regular file");
                        }
                        return new FileFound(opened, f);
                }
            }
        } catch (IOException e) {
            throw new FileRefused(500, "Cannot read \"" + path + "\": " + e.getMessage());
        }
    }

    /** Where a pushed file's bytes go: its fd and the offset to write at (its size when appending). */
    public record Opened(Fd fd, long position) {
    }

    /**
     * Creates or opens the file {@code path} for a push (a symlink on it is followed, inside the container), with its
     * owner and mode set; the caller writes the body through {@link Opened#fd()} and closes it.
     */
    public static Opened openForPush(FilesRoot root, String path, FileHeaders h) {
        try (RootDir dir = RootDir.open(root.root())) {
            ContainerPath p = ContainerPath.resolve(root.root(), path, true);
            if (p.isRoot()) {
                throw FileRefused.badRequest("Path \"" + path + "\" is a directory");
            }
            int flags = RootDir.O_WRONLY | RootDir.O_CREAT | (h.append() ? 0 : RootDir.O_TRUNC);
            Fd f = dir.openBeneath(p.relative(), flags, 0600, path);
            try {
                Attributes before = attributes(root, f, path);
                if (before.type() != FileHeaders.Type.FILE) {
                    throw FileRefused.badRequest("Path \"" + path + "\" is not a regular file");
                }
                applyOwnerAndMode(root, f.path(), p.exists(), h, FileHeaders.DEFAULT_FILE_MODE, true);
                return new Opened(f, h.append() ? Files.size(f.path()) : 0);
            } catch (IOException | RuntimeException e) {
                f.close();
                throw e instanceof FileRefused r
                        ? r
                        : new FileRefused(500, "Cannot write \"" + path + "\": " + e.getMessage());
            }
        }
    }

    /** Creates directory {@code path}, or sets what the request gives on an existing one. */
    public static void mkdir(FilesRoot root, String path, FileHeaders h) {
        try (RootDir dir = RootDir.open(root.root())) {
            ContainerPath p = ContainerPath.resolve(root.root(), path, false);
            try (Fd parent = dir.parentOf(p)) {
                Path entry = parent.child(p.name());
                if (p.exists()) {
                    if (attributes(root, entry, path).type() != FileHeaders.Type.DIRECTORY) {
                        throw new FileRefused(409, "Path \"" + path + "\" exists and is not a directory");
                    }
                } else {
                    Files.createDirectory(entry);
                }
                applyOwnerAndMode(root, entry, p.exists(), h, FileHeaders.DEFAULT_DIR_MODE, false);
            }
        } catch (IOException e) {
            throw new FileRefused(500, "Cannot create directory \"" + path + "\": " + e.getMessage());
        }
    }

    /** Creates symlink {@code path} to {@code target} (a link already there is replaced). */
    public static void symlink(FilesRoot root, String path, String target, FileHeaders h) {
        if (target.isEmpty() || target.indexOf('\0') >= 0 || target.length() > MAX_LINK_TARGET) {
            throw FileRefused.badRequest("Invalid symlink target for \"" + path + "\": empty, too long or with NUL");
        }
        try (RootDir dir = RootDir.open(root.root())) {
            ContainerPath p = ContainerPath.resolve(root.root(), path, false);
            if (p.isRoot()) {
                throw FileRefused.badRequest("Path \"" + path + "\" is the instance's root");
            }
            try (Fd parent = dir.parentOf(p)) {
                Path entry = parent.child(p.name());
                if (p.exists()) {
                    if (attributes(root, entry, path).type() != FileHeaders.Type.SYMLINK) {
                        throw new FileRefused(409, "Path \"" + path + "\" exists and is not a symbolic link");
                    }
                    Files.delete(entry);
                }
                Files.createSymbolicLink(entry, Path.of(target));
                long uid = root.toHost(h.uid().orElse(0), "uid");
                long gid = root.toHost(h.gid().orElse(0), "gid");
                Files.setAttribute(entry, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(entry, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new FileRefused(500, "Cannot create symlink \"" + path + "\": " + e.getMessage());
        }
    }

    /** Deletes a file, a symlink (not what it points to) or an empty directory. */
    public static void delete(FilesRoot root, String path) {
        try (RootDir dir = RootDir.open(root.root())) {
            ContainerPath p = ContainerPath.resolve(root.root(), path, false);
            if (p.isRoot()) {
                throw FileRefused.badRequest("Path \"" + path + "\" is the instance's root and cannot be deleted");
            }
            if (!p.exists()) {
                throw FileRefused.notFound(path);
            }
            try (Fd parent = dir.parentOf(p)) {
                Files.delete(parent.child(p.name()));
            }
        } catch (DirectoryNotEmptyException e) {
            throw FileRefused.badRequest("Directory \"" + path + "\" is not empty");
        } catch (java.nio.file.NoSuchFileException e) {
            throw FileRefused.notFound(path);
        } catch (IOException e) {
            throw new FileRefused(500, "Cannot delete \"" + path + "\": " + e.getMessage());
        }
    }

    /** Attributes of {@code entry} (not followed if a link), ids as the container sees them. */
    public static Attributes attributes(FilesRoot root, Path entry, String path) throws IOException {
        return attributes(root, entry, path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Attributes of what an fd ({@link Fd#path()}, a magic link that must be followed) holds open. */
    public static Attributes attributes(FilesRoot root, Fd fd, String path) throws IOException {
        return attributes(root, fd.path(), path, new LinkOption[0]);
    }

    private static Attributes attributes(FilesRoot root, Path entry, String path, LinkOption... options)
            throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(entry, "unix:uid,gid,mode,size", options);
        } catch (java.nio.file.NoSuchFileException e) {
            throw FileRefused.notFound(path);
        }
        int mode = (Integer) a.get("mode");
        FileHeaders.Type type = switch (mode & S_IFMT) {
            case S_IFREG -> FileHeaders.Type.FILE;
            case S_IFDIR -> FileHeaders.Type.DIRECTORY;
            case S_IFLNK -> FileHeaders.Type.SYMLINK;
            default -> throw FileRefused.badRequest("Path \"" + path
                    + "\" is not a file, a directory or a symbolic link");
        };
        return new Attributes(type, root.toContainer(((Integer) a.get("uid")) & 0xFFFFFFFFL),
                root.toContainer(((Integer) a.get("gid")) & 0xFFFFFFFFL), mode & 07777, (Long) a.get("size"));
    }

    /**
     * Owner and mode on a new entry (defaults for what is not given) or an existing one (only what is given). A
     * pinned fd's path ({@code followFinal}) may be followed; a name in a pinned directory must not be.
     */
    private static void applyOwnerAndMode(FilesRoot root, Path entry, boolean existed, FileHeaders h, int defaultMode,
            boolean followFinal) throws IOException {
        LinkOption[] options = followFinal ? new LinkOption[0] : new LinkOption[]{LinkOption.NOFOLLOW_LINKS};
        if (!existed || h.uid().isPresent()) {
            Files.setAttribute(entry, "unix:uid", (int) root.toHost(h.uid().orElse(0), "uid"), options);
        }
        if (!existed || h.gid().isPresent()) {
            Files.setAttribute(entry, "unix:gid", (int) root.toHost(h.gid().orElse(0), "gid"), options);
        }
        if (!existed || h.mode().isPresent()) {
            Files.setAttribute(entry, "unix:mode", h.mode().orElse(defaultMode), options);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
