package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.proc.Exec;

/**
 * Stateless snapshots of a container's own layer ({@code disk/}: overlay upper dir plus the id map it is stored in),
 * kept beside it as {@code snapshots/<name>/disk}. Copies go through {@code cp -a --reflink=auto}, which keeps
 * ownership, setuid bits, xattrs (file capabilities, ACLs, overlay whiteouts) and hard links. A copy lands in a
 * temporary name first and is renamed into place, so a crash leaves no half snapshot under the real name.
 */
final class Snapshots {
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);

    private Snapshots() {
    }

    static void create(ContainerLayout layout, String snapshot) {
        Path target = layout.snapshotDisk(snapshot);
        if (Files.exists(target)) {
            throw new CommandRefused(409, "Snapshot \"" + snapshot + "\" already exists");
        }
        copy(layout.disk(), target);
    }

    static void delete(ContainerLayout layout, String snapshot) {
        Trees.delete(layout.snapshotDisk(snapshot).getParent());
    }

    /** Replaces the layer by the snapshot's; the caller has unmounted it. */
    static void restore(ContainerLayout layout, String snapshot) {
        Path source = existing(layout, snapshot);
        Path fresh = layout.dir().resolve("disk.restoring");
        Path old = layout.dir().resolve("disk.old");
        Trees.delete(fresh);
        Trees.delete(old);
        copy(source, fresh);
        try {
            Files.move(layout.disk(), old);
            Files.move(fresh, layout.disk());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot swap in snapshot " + snapshot + ": " + e.getMessage(), e);
        }
        Trees.delete(old);
    }

    /** Copies the layer of {@code from} (or of its snapshot) as the layer of a new container. */
    /** Renames a snapshot of the container's layer; 404 when it does not exist, 409 when the new name does. */
    static void rename(ContainerLayout layout, String snapshot, String newSnapshot) {
        Path from = existing(layout, snapshot).getParent();
        Path to = layout.snapshotDisk(newSnapshot).getParent();
        if (Files.exists(to)) {
            throw new CommandRefused(409, "Snapshot \"" + newSnapshot + "\" already exists on this node");
        }
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot rename snapshot " + from + " to " + to + ": "
                    + e.getMessage(), e);
        }
    }

    static void copyLayer(ContainerLayout from, String snapshot, ContainerLayout to) {
        copy(snapshot == null ? from.disk() : existing(from, snapshot), to.disk());
    }

    /** Copies {@code from}'s snapshot, layer and id map, as the snapshot of that name of the copy {@code to}. */
    static void copySnapshot(ContainerLayout from, String snapshot, ContainerLayout to) {
        Path target = to.snapshotDisk(snapshot);
        if (Files.exists(target)) {
            throw new CommandRefused(409, "Snapshot \"" + snapshot + "\" already exists");
        }
        copy(existing(from, snapshot), target);
    }

    private static Path existing(ContainerLayout layout, String snapshot) {
        Path disk = layout.snapshotDisk(snapshot);
        if (!Files.isDirectory(disk)) {
            throw new CommandRefused(404, "Snapshot \"" + snapshot + "\" not found on this node");
        }
        return disk;
    }

    private static void copy(Path from, Path to) {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try {
            Files.createDirectories(to.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + to.getParent() + ": " + e.getMessage(), e);
        }
        Trees.delete(tmp);
        Exec.run(List.of("cp", "-a", "--reflink=auto", from.toString(), tmp.toString()), COPY_TIMEOUT)
                .orThrow("copy " + from);
        try {
            Files.move(tmp, to);
        } catch (IOException e) {
            Trees.delete(tmp);
            throw new UncheckedIOException("cannot move " + tmp + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
