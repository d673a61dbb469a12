package dev.berth.executor.storage.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import dev.berth.executor.service.Trees;

/** The plain-file steps of pool operations, with I/O errors turned into {@link VolumeException}s. */
final class VolumeFiles {
    private VolumeFiles() {
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw VolumeException.internal("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static void mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw VolumeException.internal("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames {@code from} to {@code to} in one step, so readers see either nothing or the finished entry. A target
     * that appeared in the meantime (a concurrent create) is a 409.
     */
    static void publish(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw VolumeException.conflict(to.getFileName() + " already exists");
        } catch (IOException e) {
            throw VolumeException.internal("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a tree, but never one with something mounted inside: the walk would empty the mounted filesystem. */
    static void delete(Path tree) {
        requireUnmounted(tree);
        try {
            Trees.delete(tree);
        } catch (UncheckedIOException e) {
            throw VolumeException.internal(e.getMessage(), e);
        }
    }

    /** A 409 when something is mounted at or below {@code tree}, such as a container root that is still in use. */
    static void requireUnmounted(Path tree) {
        List<Path> mounts = MountTable.under(tree);
        if (!mounts.isEmpty()) {
            throw VolumeException.conflict(tree + " is in use: " + mounts + " still mounted");
        }
    }

    /** Gives {@code dir} the mode and owner of {@code like}, whatever the umask; an overlay's root takes its upper's. */
    static void copyModeAndOwner(Path like, Path dir) {
        try {
            // Owner first: chown clears setuid and setgid bits that the mode then sets again.
            Files.setAttribute(dir, "unix:uid", Files.getAttribute(like, "unix:uid"));
            Files.setAttribute(dir, "unix:gid", Files.getAttribute(like, "unix:gid"));
            Files.setAttribute(dir, "unix:mode", Files.getAttribute(like, "unix:mode"));
        } catch (IOException e) {
            throw VolumeException.internal("cannot set the mode of " + dir + ": " + e.getMessage(), e);
        }
    }
}
