package dev.berth.executor.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import dev.berth.contracts.config.IdMap;
import dev.berth.executor.config.ContainerLayout;

/**
 * Mounts a container's root: an overlay of the image rootfs and the container's own layer. For an unprivileged
 * container the image is bind-mounted with its ids shifted (overlayfs itself cannot be idmapped, and an idmapped upper
 * layer fails: the mounter, host root, is unmapped there), so images are never chowned; the container's own layer
 * is stored shifted, and {@code disk/idmap} records the map it is in, so a change of {@code security.privileged}
 * shifts it once at the next start.
 */
public final class RootfsMounts {
    private static final String NONE = "none";

    private final StorageDriver overlay;
    private final IdmappedMounts idmaps;

    public RootfsMounts(StorageDriver overlay, IdmappedMounts idmaps) {
        this.overlay = overlay;
        this.idmaps = idmaps;
    }

    public IdmappedMounts idmaps() {
        return idmaps;
    }

    /** Mounts {@code layout.rootfs()} for a container with {@code map} (empty: privileged); no-op if mounted. */
    public void mount(ContainerLayout layout, Path imageRootfs, Optional<IdMap> map) {
        if (overlay.isMounted(layout.rootfs())) {
            return;
        }
        shiftDisk(layout, map);
        Path lower = imageRootfs;
        if (map.isPresent()) {
            lower = layout.shiftedLower();
            idmapped(imageRootfs, lower);
        }
        overlay.mount(lower, layout.upper(), layout.work(), layout.rootfs());
    }

    /**
     * Mounts a pool volume's directory as the container's root: bound with its ids shifted by {@code map}, or as it
     * is for a privileged container (pool volumes are stored unshifted); a no-op if mounted.
     */
    public void mountVolume(ContainerLayout layout, Path volumeRoot, Optional<IdMap> map) {
        if (overlay.isMounted(layout.rootfs())) {
            return;
        }
        if (map.isPresent()) {
            idmaps.mount(volumeRoot, layout.rootfs());
        } else {
            overlay.bind(volumeRoot, layout.rootfs());
        }
    }

    /** Mounts the root for reading as stored (no id shift), to pack it: {@link #diskMap} says how to read ids. */
    public void mountUnshifted(ContainerLayout layout, Path imageRootfs) {
        if (!overlay.isMounted(layout.rootfs())) {
            overlay.mount(imageRootfs, layout.upper(), layout.work(), layout.rootfs());
        }
    }

    /** The map the container's own layer is stored in; empty when unshifted. */
    public Optional<IdMap> diskMap(ContainerLayout layout) {
        return diskMap(layout.disk());
    }

    /** The map a layer dir ({@code disk/} or a snapshot's copy of it) is stored in. */
    public Optional<IdMap> diskMap(Path disk) {
        try {
            Path marker = disk.resolve("idmap");
            String text = Files.exists(marker) ? Files.readString(marker).strip() : NONE;
            if (text.equals(NONE)) {
                return Optional.empty();
            }
            String[] parts = text.split(":");
            return Optional.of(new IdMap(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable " + disk.resolve("idmap") + ": " + e.getMessage(), e);
        }
    }

    /** A read-only root made of a snapshot's layer over the image, at {@code target}. */
    public void mountSnapshot(Path snapshotDisk, Path imageRootfs, Path target) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
        overlay.mountReadOnly(List.of(snapshotDisk.resolve("upper"), imageRootfs), target);
    }

    public void unmount(Path target) {
        overlay.unmount(target);
    }

    /** Unmounts the overlay, then the shifted image under it; each step is skipped when not mounted. */
    public void unmount(ContainerLayout layout) {
        for (Path target : List.of(layout.rootfs(), layout.shiftedLower())) {
            overlay.unmount(target);
        }
    }

    public boolean isMounted(ContainerLayout layout) {
        return overlay.isMounted(layout.rootfs());
    }

    /** Any of the container's mounts that is still there; a tree with one must never be deleted. */
    public Optional<Path> anyMounted(ContainerLayout layout) {
        return List.of(layout.rootfs(), layout.shiftedLower()).stream().filter(overlay::isMounted).findFirst();
    }

    private void shiftDisk(ContainerLayout layout, Optional<IdMap> map) {
        Optional<IdMap> stored = diskMap(layout);
        if (stored.equals(map)) {
            return;
        }
        IdShifter.shift(layout.upper(), stored, map);
        IdShifter.shift(layout.work(), stored, map);
        try {
            Path marker = layout.disk().resolve("idmap");
            Path tmp = marker.resolveSibling("idmap.tmp");
            Files.writeString(tmp, map.map(m -> m.hostBase() + ":" + m.size()).orElse(NONE) + "\n");
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the id map of " + layout.disk() + ": " + e.getMessage(), e);
        }
    }

    private void idmapped(Path source, Path target) {
        if (overlay.isMounted(target)) {
            return;
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
        idmaps.mount(source, target);
    }
}
