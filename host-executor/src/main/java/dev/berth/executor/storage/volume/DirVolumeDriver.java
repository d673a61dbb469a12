package dev.berth.executor.storage.volume;

import java.nio.file.Path;

/** The "dir" driver: every volume and snapshot is a full copy of the files in {@code rootfs/}; no size limits. */
final class DirVolumeDriver extends CopyVolumeDriver {
    static final String NAME = "dir";
    private static final String ROOTFS = "rootfs";

    DirVolumeDriver(String poolName, Path poolDir) {
        super(poolName, poolDir);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String contentDir() {
        return ROOTFS;
    }

    @Override
    protected void fill(Path volumeDir, Path imageRootfs) {
        Tools.copyTree(imageRootfs, volumeDir.resolve(ROOTFS));
    }

    @Override
    public Layers layers(String volume, Path imageRootfs) {
        return new Layers.Single(layout.existingVolume(volume).resolve(ROOTFS));
    }

    @Override
    public Layers snapshotLayers(String volume, String snapshot, Path imageRootfs) {
        return new Layers.Single(layout.existingSnapshot(volume, snapshot).resolve(ROOTFS));
    }
}
