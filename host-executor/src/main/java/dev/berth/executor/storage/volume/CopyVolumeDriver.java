package dev.berth.executor.storage.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.berth.executor.revert.Reverter;

/**
 * The drivers whose snapshots, restores and copies are file copies: dir and overlay. Each volume directory holds
 * one content directory (the instance's files) that snapshots copy; everything is built under a temporary name
 * and renamed into place, so a crash never leaves a half-made volume under a valid name.
 */
abstract sealed class CopyVolumeDriver implements VolumeDriver permits DirVolumeDriver, OverlayVolumeDriver {
    private final Path poolDir;
    protected final PoolLayout layout;

    CopyVolumeDriver(String poolName, Path poolDir) {
        this.poolDir = poolDir;
        this.layout = new PoolLayout(poolName, poolDir);
    }

    /** The directory inside a volume, and inside each of its snapshots, that holds the instance's own files. */
    protected abstract String contentDir();

    /** Fills a new, empty volume directory for an instance of the image. */
    protected abstract void fill(Path volumeDir, Path imageRootfs);

    /** Makes a volume directory mountable once its content dir is in place. */
    protected void prepare(Path volumeDir) {
    }

    @Override
    public String poolName() {
        return layout.pool();
    }

    @Override
    public void open() {
        VolumeFiles.mkdirs(layout.containers());
        VolumeFiles.mkdirs(layout.snapshots());
        PoolLayout.temps(layout.containers()).forEach(VolumeFiles::delete);
        PoolLayout.temps(layout.snapshots()).forEach(VolumeFiles::delete);
        for (String volume : PoolLayout.names(layout.snapshots())) {
            PoolLayout.temps(layout.snapshots().resolve(volume)).forEach(VolumeFiles::delete);
        }
    }

    @Override
    public void close() {
        // Nothing is attached: the pool is plain directories.
    }

    @Override
    public void destroy() {
        VolumeFiles.delete(poolDir);
    }

    @Override
    public void create(String volume, Path imageRootfs, String imageKey, OptionalLong sizeBytes) {
        VolumeNames.imageKey(imageKey);
        if (sizeBytes.isPresent()) {
            throw VolumeException.badRequest("Storage pool \"" + poolName() + "\" (driver " + name()
                    + ") cannot enforce a root disk size; remove size= or use a btrfs pool");
        }
        PoolLayout.requireImage(imageRootfs);
        build(layout.newVolume(volume), dir -> fill(dir, imageRootfs));
    }

    @Override
    public void snapshot(String volume, String snapshot) {
        Path content = layout.existingVolume(volume).resolve(contentDir());
        build(layout.newSnapshot(volume, snapshot), dir -> Tools.copyTree(content, dir.resolve(contentDir())));
    }

    @Override
    public void restore(String volume, String snapshot) {
        Path current = layout.existingVolume(volume);
        VolumeFiles.requireUnmounted(current);
        Path saved = layout.existingSnapshot(volume, snapshot).resolve(contentDir());
        Path fresh = PoolLayout.temp(current, "restore");
        Path old = PoolLayout.temp(current, "old");
        try (Reverter revert = new Reverter()) {
            build(fresh, dir -> copyContent(saved, dir));
            revert.add("remove " + fresh, () -> VolumeFiles.delete(fresh));
            VolumeFiles.publish(current, old);
            revert.add("put back " + current, () -> VolumeFiles.publish(old, current));
            VolumeFiles.publish(fresh, current);
            revert.success();
        }
        VolumeFiles.delete(old);
    }

    @Override
    public void deleteSnapshot(String volume, String snapshot) {
        discard(layout.snapshot(volume, snapshot));
    }

    @Override
    public List<String> snapshots(String volume) {
        layout.existingVolume(volume);
        return PoolLayout.names(layout.snapshotsOf(volume));
    }

    @Override
    public void copy(String fromVolume, Optional<String> fromSnapshot, String toVolume) {
        Path source = fromSnapshot.map(s -> layout.existingSnapshot(fromVolume, s))
                .orElseGet(() -> layout.existingVolume(fromVolume)).resolve(contentDir());
        build(layout.newVolume(toVolume), dir -> copyContent(source, dir));
    }

    @Override
    public void copySnapshot(String fromVolume, String snapshot, String toVolume) {
        Path source = layout.existingSnapshot(fromVolume, snapshot).resolve(contentDir());
        build(layout.newSnapshot(toVolume, snapshot), dir -> Tools.copyTree(source, dir.resolve(contentDir())));
    }

    @Override
    public void delete(String volume) {
        VolumeFiles.requireUnmounted(layout.container(volume));
        // Snapshots first: a volume re-created under this name must not inherit old snapshots after a crash.
        discard(layout.snapshotsOf(volume));
        discard(layout.container(volume));
    }

    @Override
    public void rename(String volume, String newVolume) {
        layout.renameVolume(volume, newVolume);
    }

    @Override
    public void renameSnapshot(String volume, String snapshot, String newSnapshot) {
        layout.renameSnapshot(volume, snapshot, newSnapshot);
    }

    @Override
    public boolean exists(String volume) {
        return Files.isDirectory(layout.container(volume));
    }

    @Override
    public List<String> volumes() {
        return PoolLayout.names(layout.containers());
    }

    @Override
    public void deleteImage(String imageKey) {
        VolumeNames.imageKey(imageKey);
    }

    private void copyContent(Path source, Path volumeDir) {
        Tools.copyTree(source, volumeDir.resolve(contentDir()));
        prepare(volumeDir);
    }

    /** Builds {@code target} under a temporary name and renames it into place; removes the rest on failure. */
    private static void build(Path target, Consumer<Path> filler) {
        Path temp = PoolLayout.temp(target, "new");
        try (Reverter revert = new Reverter()) {
            VolumeFiles.mkdir(temp);
            revert.add("remove " + temp, () -> VolumeFiles.delete(temp));
            filler.accept(temp);
            VolumeFiles.publish(temp, target);
            revert.success();
        }
    }

    /** Renames first, so the entry is gone at once even if deleting a large tree fails half way. */
    private static void discard(Path entry) {
        if (!Files.exists(entry)) {
            return;
        }
        VolumeFiles.requireUnmounted(entry);
        Path doomed = PoolLayout.temp(entry, "deleted");
        VolumeFiles.publish(entry, doomed);
        VolumeFiles.delete(doomed);
    }
}
