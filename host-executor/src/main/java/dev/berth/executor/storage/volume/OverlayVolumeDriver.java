package dev.berth.executor.storage.volume;

import java.nio.file.Path;

/**
 * The "overlay" driver: a volume is an overlay's {@code upper/} and {@code work/} over the shared image rootfs, and
 * a snapshot is a copy of {@code upper/} (whiteouts and {@code trusted.overlay.*} xattrs included); no size limits.
 */
final class OverlayVolumeDriver extends CopyVolumeDriver {
    static final String NAME = "overlay";
    private static final String UPPER = "upper";
    private static final String WORK = "work";

    OverlayVolumeDriver(String poolName, Path poolDir) {
        super(poolName, poolDir);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String contentDir() {
        return UPPER;
    }

    @Override
    protected void fill(Path volumeDir, Path imageRootfs) {
        Path upper = volumeDir.resolve(UPPER);
        VolumeFiles.mkdir(upper);
        // The merged root directory takes its mode and owner from the upper dir, not from the image.
        VolumeFiles.copyModeAndOwner(imageRootfs, upper);
        prepare(volumeDir);
    }

    /** overlayfs wants an empty work dir on the same filesystem as upper; a copied one would hold stale state. */
    @Override
    protected void prepare(Path volumeDir) {
        VolumeFiles.mkdir(volumeDir.resolve(WORK));
    }

    @Override
    public Layers layers(String volume, Path imageRootfs) {
        Path dir = layout.existingVolume(volume);
        return new Layers.Overlay(imageRootfs, dir.resolve(UPPER), dir.resolve(WORK));
    }

    @Override
    public Layers snapshotLayers(String volume, String snapshot, Path imageRootfs) {
        return new Layers.Overlay(imageRootfs, layout.existingSnapshot(volume, snapshot).resolve(UPPER), null);
    }
}
