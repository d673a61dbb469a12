package dev.berth.executor.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

import dev.berth.contracts.config.IdMap;

/**
 * Moves a tree's ownership from one id map to another (or to and from none, for privileged containers), keeping
 * setuid and setgid bits, which chown(2) clears. Used on a container's own layer only, which holds what the container
 * changed, so a shift is small; images are never shifted (they are idmap-mounted).
 */
public final class IdShifter {
    private static final int SETID_BITS = 06000;

    private IdShifter() {
    }

    /** Shifts every entry of {@code root} (itself included) from {@code from} to {@code to}; ids outside stay. */
    public static void shift(Path root, Optional<IdMap> from, Optional<IdMap> to) {
        if (from.equals(to) || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    shiftOne(dir, from, to);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    shiftOne(file, from, to);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot shift the ids of " + root + ": " + e.getMessage(), e);
        }
    }

    /** The id as the container sees it, for a host id stored under {@code map}. */
    public static long toContainer(long hostId, Optional<IdMap> map) {
        if (map.isEmpty()) {
            return hostId;
        }
        long id = map.get().toContainer(hostId);
        return id < 0 ? hostId : id;
    }

    private static void shiftOne(Path path, Optional<IdMap> from, Optional<IdMap> to) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        int mode = (Integer) a.get("mode");
        long newUid = toHost(toContainer(uid, from), to);
        long newGid = toHost(toContainer(gid, from), to);
        if (newUid == uid && newGid == gid) {
            return;
        }
        Files.setAttribute(path, "unix:uid", (int) newUid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) newGid, LinkOption.NOFOLLOW_LINKS);
        if ((mode & SETID_BITS) != 0 && !Files.isSymbolicLink(path)) {
            Files.setAttribute(path, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static long toHost(long containerId, Optional<IdMap> map) {
        return map.isEmpty() || containerId >= map.get().size() ? containerId : map.get().toHost(containerId);
    }
}
