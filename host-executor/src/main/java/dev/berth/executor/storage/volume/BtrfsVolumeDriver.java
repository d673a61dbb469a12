package dev.berth.executor.storage.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.berth.executor.revert.Reverter;

/**
 * The "btrfs" driver: a btrfs filesystem in a loop file, each image imported once as a read-only subvolume
 * {@code images/<key>}, each instance volume a writable snapshot of it, and its size a qgroup limit. The instance's
 * files are in {@code rootfs/} inside the volume's subvolume, as in LXD.
 */
final class BtrfsVolumeDriver implements VolumeDriver {
    static final String NAME = "btrfs";
    private static final String ROOTFS = "rootfs";

    private final Path poolDir;
    private final BtrfsLoop loop;
    private final BtrfsSubvolumes subvolumes;
    private final PoolLayout layout;
    private final Map<String, Object> imageLocks = new ConcurrentHashMap<>();

    BtrfsVolumeDriver(String poolName, Path poolDir, BtrfsPoolConfig config) {
        this.poolDir = poolDir;
        Path mountPoint = poolDir.resolve("mnt");
        this.loop = new BtrfsLoop(config.source().orElse(poolDir.resolve("btrfs.img")), config.sizeBytes(),
                mountPoint);
        this.subvolumes = new BtrfsSubvolumes(mountPoint);
        this.layout = new PoolLayout(poolName, mountPoint);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String poolName() {
        return layout.pool();
    }

    /** The loop file and its devices, for callers that report on the pool. */
    BtrfsLoop loop() {
        return loop;
    }

    @Override
    public synchronized void open() {
        loop.open();
        VolumeFiles.mkdirs(layout.containers());
        VolumeFiles.mkdirs(layout.snapshots());
        VolumeFiles.mkdirs(layout.images());
        PoolLayout.temps(layout.containers()).forEach(this::remove);
        PoolLayout.temps(layout.images()).forEach(this::remove);
        for (String volume : PoolLayout.names(layout.snapshots())) {
            PoolLayout.temps(layout.snapshots().resolve(volume)).forEach(this::remove);
        }
    }

    @Override
    public synchronized void close() {
        loop.close();
    }

    /** Deletes the loop file only if it lies in the pool dir: a {@code source} file elsewhere is kept, as LXD does. */
    @Override
    public synchronized void destroy() {
        close();
        VolumeFiles.delete(poolDir);
    }

    @Override
    public void create(String volume, Path imageRootfs, String imageKey, OptionalLong sizeBytes) {
        requireOpen();
        VolumeNames.imageKey(imageKey);
        if (sizeBytes.isPresent() && sizeBytes.getAsLong() <= 0) {
            throw VolumeException.badRequest("Invalid root disk size " + sizeBytes.getAsLong() + ": must be positive");
        }
        PoolLayout.requireImage(imageRootfs);
        Path target = layout.newVolume(volume);
        Path image = ensureImage(imageKey, imageRootfs);
        build(target, temp -> {
            subvolumes.snapshot(image, temp, false);
            if (sizeBytes.isPresent()) {
                subvolumes.limit(temp, sizeBytes);
            }
        });
    }

    @Override
    public Layers layers(String volume, Path imageRootfs) {
        requireOpen();
        return new Layers.Single(layout.existingVolume(volume).resolve(ROOTFS));
    }

    @Override
    public void snapshot(String volume, String snapshot) {
        requireOpen();
        Path source = layout.existingVolume(volume);
        build(layout.newSnapshot(volume, snapshot), temp -> subvolumes.snapshot(source, temp, true));
    }

    @Override
    public void restore(String volume, String snapshot) {
        requireOpen();
        Path current = layout.existingVolume(volume);
        VolumeFiles.requireUnmounted(current);
        Path saved = layout.existingSnapshot(volume, snapshot);
        OptionalLong limit = subvolumes.limitOf(current);
        Path fresh = PoolLayout.temp(current, "restore");
        Path old = PoolLayout.temp(current, "old");
        try (Reverter revert = new Reverter()) {
            revert.add("remove " + fresh, () -> remove(fresh));
            subvolumes.snapshot(saved, fresh, false);
            // A snapshot inherits its source's qgroup limit; the volume keeps its own, even when it has none.
            subvolumes.limit(fresh, limit);
            VolumeFiles.publish(current, old);
            revert.add("put back " + current, () -> VolumeFiles.publish(old, current));
            VolumeFiles.publish(fresh, current);
            revert.success();
        }
        remove(old);
    }

    @Override
    public void deleteSnapshot(String volume, String snapshot) {
        requireOpen();
        remove(layout.snapshot(volume, snapshot));
    }

    @Override
    public List<String> snapshots(String volume) {
        requireOpen();
        layout.existingVolume(volume);
        return PoolLayout.names(layout.snapshotsOf(volume));
    }

    @Override
    public void copy(String fromVolume, Optional<String> fromSnapshot, String toVolume) {
        requireOpen();
        OptionalLong limit = subvolumes.limitOf(layout.existingVolume(fromVolume));
        Path source = fromSnapshot.map(s -> layout.existingSnapshot(fromVolume, s))
                .orElseGet(() -> layout.container(fromVolume));
        build(layout.newVolume(toVolume), temp -> {
            subvolumes.snapshot(source, temp, false);
            subvolumes.limit(temp, limit);
        });
    }

    @Override
    public void copySnapshot(String fromVolume, String snapshot, String toVolume) {
        requireOpen();
        Path source = layout.existingSnapshot(fromVolume, snapshot);
        build(layout.newSnapshot(toVolume, snapshot), temp -> subvolumes.snapshot(source, temp, true));
    }

    @Override
    public void delete(String volume) {
        requireOpen();
        VolumeFiles.requireUnmounted(layout.container(volume));
        Path snapshots = layout.snapshotsOf(volume);
        // Snapshots first: a volume re-created under this name must not inherit old snapshots after a crash.
        PoolLayout.names(snapshots).forEach(s -> remove(snapshots.resolve(s)));
        PoolLayout.temps(snapshots).forEach(this::remove);
        VolumeFiles.delete(snapshots);
        remove(layout.container(volume));
    }

    @Override
    public void rename(String volume, String newVolume) {
        requireOpen();
        layout.renameVolume(volume, newVolume);
    }

    @Override
    public void renameSnapshot(String volume, String snapshot, String newSnapshot) {
        requireOpen();
        layout.renameSnapshot(volume, snapshot, newSnapshot);
    }

    @Override
    public boolean exists(String volume) {
        requireOpen();
        return BtrfsSubvolumes.isSubvolume(layout.container(volume));
    }

    @Override
    public List<String> volumes() {
        requireOpen();
        return PoolLayout.names(layout.containers());
    }

    @Override
    public Layers snapshotLayers(String volume, String snapshot, Path imageRootfs) {
        requireOpen();
        return new Layers.Single(layout.existingSnapshot(volume, snapshot).resolve(ROOTFS));
    }

    @Override
    public void deleteImage(String imageKey) {
        requireOpen();
        remove(layout.image(imageKey));
    }

    /**
     * The image's read-only subvolume, imported on first use. Concurrent imports of one image in this JVM wait for
     * each other; an import racing another executor loses the rename and throws its copy away.
     */
    private Path ensureImage(String key, Path rootfs) {
        Path image = layout.image(key);
        synchronized (imageLocks.computeIfAbsent(key, k -> new Object())) {
            if (BtrfsSubvolumes.isSubvolume(image)) {
                return image;
            }
            Path temp = PoolLayout.temp(image, "import");
            try (Reverter revert = new Reverter()) {
                revert.add("remove " + temp, () -> remove(temp));
                subvolumes.create(temp);
                Tools.copyTree(rootfs, temp.resolve(ROOTFS));
                subvolumes.setReadOnly(temp, true);
                VolumeFiles.publish(temp, image);
                revert.success();
            } catch (VolumeException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
            return image;
        }
    }

    /** Lets {@code filler} make {@code target} as a subvolume under a temporary name, then renames it into place. */
    private void build(Path target, Consumer<Path> filler) {
        Path temp = PoolLayout.temp(target, "new");
        try (Reverter revert = new Reverter()) {
            revert.add("remove " + temp, () -> remove(temp));
            filler.accept(temp);
            VolumeFiles.publish(temp, target);
            revert.success();
        }
    }

    private void remove(Path entry) {
        VolumeFiles.requireUnmounted(entry);
        if (BtrfsSubvolumes.isSubvolume(entry)) {
            subvolumes.delete(entry);
        } else {
            VolumeFiles.delete(entry);
        }
    }

    private void requireOpen() {
        if (!MountTable.isMounted(loop.mountPoint())) {
            throw VolumeException.internal("Storage pool \"" + poolName() + "\" (driver btrfs) is not open: "
                    + loop.mountPoint() + " is not mounted");
        }
    }
}
