package dev.berth.executor.storage.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where a pool keeps things, as LXD does: {@code containers/<volume>}, {@code snapshots/<volume>/<snapshot>} and
 * {@code images/<key>} under the pool's root (the pool dir, or a btrfs pool's mount point). The lookups that
 * require an entry to exist, or not to, answer with LXD's 404 and 409.
 */
record PoolLayout(String pool, Path root) {
    /** Entries whose name starts with this are unfinished work of this pool; valid names cannot start with it. */
    static final String TEMP_PREFIX = ".";

    Path containers() {
        return root.resolve("containers");
    }

    Path container(String volume) {
        return containers().resolve(VolumeNames.volume(volume));
    }

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path snapshotsOf(String volume) {
        return snapshots().resolve(VolumeNames.volume(volume));
    }

    Path snapshot(String volume, String snapshot) {
        return snapshotsOf(volume).resolve(VolumeNames.snapshot(snapshot));
    }

    Path images() {
        return root.resolve("images");
    }

    Path image(String key) {
        return images().resolve(VolumeNames.imageKey(key));
    }

    /** The directory of an existing volume, or a 404. */
    Path existingVolume(String volume) {
        Path dir = container(volume);
        if (!Files.isDirectory(dir)) {
            throw VolumeException.notFound("Storage volume \"" + volume + "\" not found in pool \"" + pool + "\"");
        }
        return dir;
    }

    /** Where a new volume goes, or a 409 when it exists. */
    Path newVolume(String volume) {
        Path dir = container(volume);
        if (Files.exists(dir)) {
            throw VolumeException.conflict("Storage volume \"" + volume + "\" already exists in pool \"" + pool + "\"");
        }
        return dir;
    }

    /** The directory of an existing snapshot, or a 404. */
    Path existingSnapshot(String volume, String snapshot) {
        existingVolume(volume);
        Path dir = snapshot(volume, snapshot);
        if (!Files.isDirectory(dir)) {
            throw VolumeException.notFound("Snapshot \"" + snapshot + "\" of storage volume \"" + volume
                    + "\" not found in pool \"" + pool + "\"");
        }
        return dir;
    }

    /** Where a new snapshot goes (its parent dir created), or a 409 when it exists. */
    Path newSnapshot(String volume, String snapshot) {
        existingVolume(volume);
        Path dir = snapshot(volume, snapshot);
        if (Files.exists(dir)) {
            throw VolumeException.conflict("Snapshot \"" + snapshot + "\" of storage volume \"" + volume
                    + "\" already exists in pool \"" + pool + "\"");
        }
        VolumeFiles.mkdirs(dir.getParent());
        return dir;
    }

    /**
     * Renames a volume and its snapshots (a plain rename: btrfs subvolumes keep their ids and qgroup limits); 404
     * when it does not exist, 409 when the new name is taken. Either everything has the new name, or nothing.
     */
    void renameVolume(String volume, String newVolume) {
        Path from = existingVolume(volume);
        VolumeFiles.requireUnmounted(from);
        Path to = newVolume(newVolume);
        Path snapshots = snapshotsOf(volume);
        Path newSnapshots = snapshotsOf(newVolume);
        if (Files.exists(newSnapshots)) {
            throw VolumeException.conflict("Snapshots of storage volume \"" + newVolume + "\" already exist in pool \""
                    + pool + "\"");
        }
        try (dev.berth.executor.revert.Reverter revert = new dev.berth.executor.revert.Reverter()) {
            if (Files.exists(snapshots)) {
                VolumeFiles.publish(snapshots, newSnapshots);
                revert.add("put back " + snapshots, () -> VolumeFiles.publish(newSnapshots, snapshots));
            }
            VolumeFiles.publish(from, to);
            revert.success();
        }
    }

    /** Renames one snapshot of a volume; 404 when it does not exist, 409 when the new name is taken. */
    void renameSnapshot(String volume, String snapshot, String newSnapshot) {
        Path from = existingSnapshot(volume, snapshot);
        VolumeFiles.requireUnmounted(from);
        VolumeFiles.publish(from, newSnapshot(volume, newSnapshot));
    }

    static void requireImage(Path imageRootfs) {
        if (!Files.isDirectory(imageRootfs)) {
            throw VolumeException.notFound("Image rootfs " + imageRootfs + " not found");
        }
    }

    /** A fresh name next to {@code target}, for building something that then appears under its name at once. */
    static Path temp(Path target, String purpose) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "." + purpose + "." + suffix);
    }

    /** The valid names in {@code dir}, sorted; temporary entries are left out. */
    static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(TEMP_PREFIX)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The temporary entries in {@code dir}: what a crash in the middle of an operation left behind. */
    static List<Path> temps(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
