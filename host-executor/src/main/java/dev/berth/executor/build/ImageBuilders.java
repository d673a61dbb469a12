package dev.berth.executor.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.executor.proc.Exec;
import dev.berth.executor.publish.ImageUploader;
import dev.berth.executor.publish.UnifiedImagePacker;
import dev.berth.executor.service.Trees;

/**
 * The node's image builders, by the name users type ({@code debian/12}). A build works in a scratch directory that is
 * always removed, mounts included, and streams the packed image to image-service.
 */
public final class ImageBuilders {
    private static final Logger LOG = Logger.getLogger(ImageBuilders.class);

    private final Path workDir;
    private final DebianBuilder debian;

    public ImageBuilders(Path workDir, String debianMirror) {
        this(workDir, debianMirror, null);
    }

    /** {@code packageCache}: where debootstrap keeps the .debs it downloaded, across builds; null for none. */
    public ImageBuilders(Path workDir, String debianMirror, Path packageCache) {
        this.workDir = workDir;
        this.debian = new DebianBuilder(debianMirror, packageCache);
    }

    public ImageUploader.Uploaded build(String builder, String uploadUrl, String authorization, ImagePublish image) {
        String[] parts = builder == null ? new String[0] : builder.split("/", 2);
        if (parts.length != 2 || !parts[0].equals("debian")) {
            throw new BuildFailed(400, "Unknown builder \"" + builder + "\": use debian/"
                    + String.join(", debian/", DebianBuilder.SUITES.keySet()));
        }
        Path dir = workDir.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(dir);
            Instant now = Instant.now();
            debian.build(parts[1], dir, now);
            long t0 = System.nanoTime();
            ImageUploader.Uploaded up = ImageUploader.upload(uploadUrl, authorization,
                    builder.replace('/', '-') + ".tar.gz", image,
                    out -> UnifiedImagePacker.pack(dir.resolve("rootfs"), dir, image.properties(),
                            image.compression(), now, out));
            LOG.infof("packed and uploaded %s as %s (%d bytes) in %.1f s", builder, up.fingerprint(), up.size(),
                    (System.nanoTime() - t0) / 1e9);
            return up;
        } catch (IOException e) {
            throw new UncheckedIOException("build " + builder + ": " + e.getMessage(), e);
        } finally {
            unmountUnder(dir);
            Trees.delete(dir);
        }
    }

    /** debootstrap mounts /proc and /sys in its target and can leave them behind when it fails. */
    private static void unmountUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mountPoint = line.split(" ")[4];
                if (mountPoint.startsWith(dir.toString() + "/")) {
                    mounts.add(mountPoint);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot read mountinfo: %s", e.getMessage());
        }
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Exec.run(List.of("umount", "-l", mounts.get(i)), java.time.Duration.ofSeconds(30));
        }
    }
}
