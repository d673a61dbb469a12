package dev.berth.executor.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import dev.berth.contracts.config.IdMap;
import dev.berth.contracts.config.PoolConfig;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.image.CachedImage;
import dev.berth.executor.revert.Reverter;
import dev.berth.executor.storage.RootfsMounts;
import dev.berth.executor.storage.volume.Layers;
import dev.berth.executor.storage.volume.VolumeDriver;

/**
 * Where a container's own files live: in the built-in overlay pool {@code default} (its layer inside the container's
 * dir, stored shifted, see {@link RootfsMounts}), or as a volume of a pool (dir, btrfs) named after the container and
 * stored unshifted, which an idmapped bind mount shows to an unprivileged container. Unmounting is the same for both
 * ({@link RootfsMounts#unmount(ContainerLayout)}).
 */
sealed interface RootVolume {

    /** A root filesystem to read, with the id map its files are stored in. */
    record View(Path root, Optional<IdMap> stored) {
    }

    /** Makes the container's storage for {@code image}; undone by {@code revert} on failure. */
    void create(ContainerLayout layout, CachedImage image, OptionalLong size, Reverter revert);

    /** Where the image's templates are rendered for this container. */
    Path templatesTarget(ContainerLayout layout, CachedImage image);

    /** Mounts the root at {@code layout.rootfs()} with {@code map} (empty: privileged); a no-op if mounted. */
    void mount(ContainerLayout layout, CachedImage image, Optional<IdMap> map);

    /**
     * Calls {@code reader} with the stopped container's root as stored, mounting it for the call if it must.
     */
    <T> T readRoot(ContainerLayout layout, CachedImage image, java.util.function.Function<View, T> reader);

    /** Calls {@code reader} with a snapshot's root as stored, read-only; the container may be running. */
    <T> T readSnapshot(ContainerLayout layout, String snapshot, CachedImage image,
            java.util.function.Function<View, T> reader);

    void snapshot(ContainerLayout layout, String snapshot);

    void deleteSnapshot(ContainerLayout layout, String snapshot);

    /** Puts the snapshot's files back; the container is stopped and unmounted. */
    void restore(ContainerLayout layout, String snapshot);

    /** Makes the storage of {@code to} from that of {@code from} (or its snapshot), in the same pool. */
    void copy(ContainerLayout from, String snapshot, ContainerLayout to, Reverter revert);

    /** Gives the copy {@code to} (made by {@link #copy}) a copy of {@code from}'s snapshot of that name. */
    void copySnapshot(ContainerLayout from, String snapshot, ContainerLayout to);

    /**
     * Gives the storage of {@code from} (stopped, unmounted) the name of {@code to}, outside the container's dir,
     * which the caller moves; undone by {@code revert} on failure.
     */
    void rename(ContainerLayout from, ContainerLayout to, Reverter revert);

    /** Renames one snapshot. */
    void renameSnapshot(ContainerLayout layout, String snapshot, String newSnapshot);

    /** Removes the container's storage outside its dir (a pool volume and its snapshots); a no-op when gone. */
    void delete(ContainerLayout layout);

    /** The pool's name, for messages. */
    String pool();

    /** The built-in overlay pool: the layer and its snapshots live in the container's dir. */
    record Overlay(RootfsMounts mounts) implements RootVolume {

        @Override
        public String pool() {
            return PoolConfig.DEFAULT_POOL;
        }

        @Override
        public void create(ContainerLayout layout, CachedImage image, OptionalLong size, Reverter revert) {
            if (size.isPresent()) {
                throw new CommandRefused(400, "Storage pool \"default\" (driver overlay) cannot enforce a root disk "
                        + "size; remove size= or use a btrfs pool");
            }
            Trees.mkdirs(layout.upper());
            Trees.mkdirs(layout.work());
        }

        @Override
        public Path templatesTarget(ContainerLayout layout, CachedImage image) {
            return layout.upper();
        }

        @Override
        public void mount(ContainerLayout layout, CachedImage image, Optional<IdMap> map) {
            mounts.mount(layout, image.rootfs(), map);
        }

        @Override
        public <T> T readRoot(ContainerLayout layout, CachedImage image, java.util.function.Function<View, T> reader) {
            boolean mountedHere = !mounts.isMounted(layout);
            if (mountedHere) {
                mounts.mountUnshifted(layout, image.rootfs());
            }
            try {
                return reader.apply(new View(layout.rootfs(), mounts.diskMap(layout)));
            } finally {
                if (mountedHere) {
                    mounts.unmount(layout);
                }
            }
        }

        @Override
        public <T> T readSnapshot(ContainerLayout layout, String snapshot, CachedImage image,
                java.util.function.Function<View, T> reader) {
            Path disk = layout.snapshotDisk(snapshot);
            if (!Files.isDirectory(disk)) {
                throw new CommandRefused(404, "Snapshot \"" + snapshot + "\" not found on this node");
            }
            Path view = layout.dir().resolve("publish-" + snapshot);
            mounts.mountSnapshot(disk, image.rootfs(), view);
            try {
                return reader.apply(new View(view, mounts.diskMap(disk)));
            } finally {
                mounts.unmount(view);
                Trees.delete(view);
            }
        }

        @Override
        public void snapshot(ContainerLayout layout, String snapshot) {
            Snapshots.create(layout, snapshot);
        }

        @Override
        public void deleteSnapshot(ContainerLayout layout, String snapshot) {
            Snapshots.delete(layout, snapshot);
        }

        @Override
        public void restore(ContainerLayout layout, String snapshot) {
            Snapshots.restore(layout, snapshot);
        }

        @Override
        public void copy(ContainerLayout from, String snapshot, ContainerLayout to, Reverter revert) {
            Snapshots.copyLayer(from, snapshot, to);
        }

        @Override
        public void copySnapshot(ContainerLayout from, String snapshot, ContainerLayout to) {
            Snapshots.copySnapshot(from, snapshot, to);
        }

        @Override
        public void rename(ContainerLayout from, ContainerLayout to, Reverter revert) {
            // everything is inside the container's dir
        }

        @Override
        public void renameSnapshot(ContainerLayout layout, String snapshot, String newSnapshot) {
            Snapshots.rename(layout, snapshot, newSnapshot);
        }

        @Override
        public void delete(ContainerLayout layout) {
            // everything is inside the container's dir
        }
    }

    /** A volume named after the container in a dir or btrfs pool; files are stored unshifted. */
    record Pool(VolumeDriver driver, RootfsMounts mounts) implements RootVolume {

        @Override
        public String pool() {
            return driver.poolName();
        }

        @Override
        public void create(ContainerLayout layout, CachedImage image, OptionalLong size, Reverter revert) {
            String volume = layout.containerId();
            // the container has no spec.json yet, so a volume of that name is what a crashed create left behind
            driver.delete(volume);
            driver.create(volume, image.rootfs(), image.fingerprint(), size);
            revert.add("delete volume " + volume + " in pool " + pool(), () -> driver.delete(volume));
        }

        @Override
        public Path templatesTarget(ContainerLayout layout, CachedImage image) {
            return single(driver.layers(layout.containerId(), image.rootfs()));
        }

        @Override
        public void mount(ContainerLayout layout, CachedImage image, Optional<IdMap> map) {
            mounts.mountVolume(layout, templatesTarget(layout, image), map);
        }

        @Override
        public <T> T readRoot(ContainerLayout layout, CachedImage image, java.util.function.Function<View, T> reader) {
            return reader.apply(new View(templatesTarget(layout, image), Optional.empty()));
        }

        @Override
        public <T> T readSnapshot(ContainerLayout layout, String snapshot, CachedImage image,
                java.util.function.Function<View, T> reader) {
            Path root = single(driver.snapshotLayers(layout.containerId(), snapshot, image.rootfs()));
            return reader.apply(new View(root, Optional.empty()));
        }

        @Override
        public void snapshot(ContainerLayout layout, String snapshot) {
            driver.snapshot(layout.containerId(), snapshot);
        }

        @Override
        public void deleteSnapshot(ContainerLayout layout, String snapshot) {
            driver.deleteSnapshot(layout.containerId(), snapshot);
        }

        @Override
        public void restore(ContainerLayout layout, String snapshot) {
            driver.restore(layout.containerId(), snapshot);
        }

        @Override
        public void copy(ContainerLayout from, String snapshot, ContainerLayout to, Reverter revert) {
            String volume = to.containerId();
            driver.delete(volume);
            driver.copy(from.containerId(), Optional.ofNullable(snapshot), volume);
            revert.add("delete volume " + volume + " in pool " + pool(), () -> driver.delete(volume));
        }

        @Override
        public void copySnapshot(ContainerLayout from, String snapshot, ContainerLayout to) {
            driver.copySnapshot(from.containerId(), snapshot, to.containerId());
        }

        @Override
        public void rename(ContainerLayout from, ContainerLayout to, Reverter revert) {
            driver.rename(from.containerId(), to.containerId());
            revert.add("rename volume " + to.containerId() + " back in pool " + pool(),
                    () -> driver.rename(to.containerId(), from.containerId()));
        }

        @Override
        public void renameSnapshot(ContainerLayout layout, String snapshot, String newSnapshot) {
            driver.renameSnapshot(layout.containerId(), snapshot, newSnapshot);
        }

        @Override
        public void delete(ContainerLayout layout) {
            driver.delete(layout.containerId());
        }

        private Path single(Layers layers) {
            if (layers instanceof Layers.Single s) {
                return s.dir();
            }
            throw new IllegalStateException("storage pool " + pool() + " gives an overlay; only dir and btrfs pools"
                    + " hold volumes");
        }
    }
}
