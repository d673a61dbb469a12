package dev.berth.executor.storage.volume;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.berth.executor.revert.Reverter;

/**
 * A btrfs filesystem in a sparse loop file, attached with losetup and mounted at the pool's mount point, with
 * quotas enabled so volumes can have size limits.
 */
final class BtrfsLoop {
    private final Path file;
    private final long sizeBytes;
    private final Path mountPoint;

    /** {@code sizeBytes} is used only when the file does not exist yet; an existing file keeps its size. */
    BtrfsLoop(Path file, long sizeBytes, Path mountPoint) {
        this.file = file;
        this.sizeBytes = sizeBytes;
        this.mountPoint = mountPoint;
    }

    Path file() {
        return file;
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** Formats the file if it is new, attaches it, mounts it and enables quotas; each step is skipped if done. */
    void open() {
        if (!MountTable.isMounted(mountPoint)) {
            if (!Files.exists(file)) {
                format();
            }
            mount();
        }
        // A no-op when quotas are on already.
        Tools.run(Tools.SHORT, "btrfs", "quota", "enable", mountPoint.toString());
    }

    /** Unmounts the filesystem and detaches every loop device backed by the file. */
    void close() {
        if (MountTable.isMounted(mountPoint)) {
            Tools.run(Tools.SHORT, "umount", mountPoint.toString());
        }
        for (String device : attachedDevices()) {
            Tools.run(Tools.SHORT, "losetup", "-d", device);
        }
    }

    /** The loop devices now backed by the file: one while the pool is open, none after close. */
    List<String> attachedDevices() {
        if (!Files.exists(file)) {
            return List.of();
        }
        String out = Tools.run(Tools.SHORT, "losetup", "-j", file.toString(), "-n", "-O", "NAME").stdout();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Formats under a temporary name, so a crash never leaves an unformatted file that open() would trust. */
    private void format() {
        String unfinished = PoolLayout.TEMP_PREFIX + file.getFileName() + ".mkfs.";
        PoolLayout.temps(file.getParent()).stream().filter(p -> p.getFileName().toString().startsWith(unfinished))
                .forEach(VolumeFiles::delete);
        Path temp = PoolLayout.temp(file, "mkfs");
        try (Reverter revert = new Reverter()) {
            VolumeFiles.mkdirs(file.getParent());
            revert.add("remove " + temp, () -> Files.deleteIfExists(temp));
            try (RandomAccessFile raf = new RandomAccessFile(temp.toFile(), "rw")) {
                raf.setLength(sizeBytes);
            } catch (IOException e) {
                throw VolumeException.internal("cannot create " + temp + ": " + e.getMessage(), e);
            }
            Tools.run(Tools.SHORT, "mkfs.btrfs", "-q", temp.toString());
            VolumeFiles.publish(temp, file);
            revert.success();
        }
    }

    private void mount() {
        VolumeFiles.mkdirs(mountPoint);
        List<String> attached = attachedDevices();
        try (Reverter revert = new Reverter()) {
            String device;
            if (attached.isEmpty()) {
                device = Tools.run(Tools.SHORT, "losetup", "--find", "--show", file.toString()).stdout().strip();
                revert.add("detach " + device, () -> Tools.run(Tools.SHORT, "losetup", "-d", device));
            } else {
                // Still attached from before an executor restart: reuse it rather than attach the file twice.
                device = attached.get(0);
            }
            // user_subvol_rm_allowed as in LXD: an instance may delete subvolumes it created inside itself.
            Tools.run(Tools.SHORT, "mount", "-t", "btrfs", "-o", "user_subvol_rm_allowed", device,
                    mountPoint.toString());
            revert.success();
        }
    }
}
