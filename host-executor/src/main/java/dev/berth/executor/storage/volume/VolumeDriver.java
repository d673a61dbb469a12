package dev.berth.executor.storage.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One storage pool on this host and the instance root volumes in it, implemented per driver ("dir", "overlay",
 * "btrfs") and made by {@link VolumeDrivers#create}. Failures are {@link VolumeException}s with an LXD-style code.
 * <p>
 * Drivers never change ownership: files keep their unshifted owners (uid 0 stays 0), and the container manager
 * adds idmapped mounts on top of {@link #layers}. Calls for different volumes may run concurrently; calls for the
 * same volume must not (the manager's per-instance lock serialises them).
 */
public interface VolumeDriver {

    /** The driver's name: "dir", "overlay" or "btrfs". */
    String name();

    /** The pool's name, for error messages. */
    String poolName();

    /** Creates the pool, or attaches an existing one (after a reboot too); idempotent. */
    void open();

    /** Detaches the pool (btrfs: unmounts it and frees the loop device), keeping its data; idempotent. */
    void close();

    /** Closes the pool and removes all of its files. */
    void destroy();

    /**
     * A new instance volume from an unpacked, read-only image rootfs. {@code imageKey} names the image inside the
     * pool (its fingerprint, or {@link VolumeNames#imageKeyOf}); btrfs imports each image once under it.
     * {@code sizeBytes} limits the volume; a driver that cannot enforce it answers 400 instead of ignoring it.
     * 409 when the volume exists.
     */
    void create(String volume, Path imageRootfs, String imageKey, OptionalLong sizeBytes);

    /** What to mount as the instance's root; {@code imageRootfs} is the overlay's lower layer. 404 if missing. */
    Layers layers(String volume, Path imageRootfs);

    /** A stateless copy of the volume as it is now; allowed while the instance runs (best-effort consistency). */
    void snapshot(String volume, String snapshot);

    /**
     * Makes the volume's content the snapshot's; the caller has stopped the instance and unmounted its root (409 while
     * something is still mounted inside the volume).
     */
    void restore(String volume, String snapshot);

    /** Deletes one snapshot; a no-op when it does not exist. */
    void deleteSnapshot(String volume, String snapshot);

    /** The volume's snapshot names, sorted. 404 if the volume does not exist. */
    List<String> snapshots(String volume);

    /** A new volume from another volume or one of its snapshots; a btrfs copy keeps the source's size limit. */
    void copy(String fromVolume, Optional<String> fromSnapshot, String toVolume);

    /**
     * Gives volume {@code toVolume} a snapshot {@code snapshot} with the content of {@code fromVolume}'s snapshot of
     * that name (a copy carrying its source's snapshots); 404 if either is missing, 409 when it already has one.
     */
    void copySnapshot(String fromVolume, String snapshot, String toVolume);

    /** Renames the volume and its snapshots; 404 if missing, 409 when {@code newVolume} exists or is mounted. */
    void rename(String volume, String newVolume);

    /** Renames one snapshot; 404 if missing, 409 when {@code newSnapshot} exists. */
    void renameSnapshot(String volume, String snapshot, String newSnapshot);

    /** Deletes the volume and all its snapshots; a no-op when it does not exist, 409 while something is mounted in it. */
    void delete(String volume);

    boolean exists(String volume);

    /** The pool's volume names, sorted. */
    List<String> volumes();

    /**
     * What a snapshot holds, read-only: the directory of its files (dir, btrfs), or its upper dir over
     * {@code imageRootfs} (overlay). 404 if missing.
     */
    Layers snapshotLayers(String volume, String snapshot, Path imageRootfs);

    /**
     * Forgets the pool's own copy of an image (btrfs: the imported subvolume). Volumes made from it are unaffected;
     * a no-op for drivers that keep no copy.
     */
    void deleteImage(String imageKey);
}
