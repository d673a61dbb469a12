package dev.berth.executor.image;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.imageformat.Squashfs;
import dev.berth.imageformat.UnpackLimits;

/**
 * The node's image cache: each fingerprint is downloaded, verified and unpacked once into
 * {@code executor/images/<fp>/}, and shared by every instance made from it. Unpacking happens in a temp dir that is
 * renamed into place, so a half-unpacked image is never visible and concurrent callers (threads or processes) agree
 * on one copy. The directory's mtime records when the image was last used, for {@link #collect}.
 */
public final class ImageCache {
    private static final Logger LOG = Logger.getLogger(ImageCache.class);
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path imagesDir;
    private final ImageDownloader downloader;
    private final ImageUnpacker unpacker;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();

    public ImageCache(Path imagesDir, ImageDownloader downloader) {
        this(imagesDir, downloader, UnpackLimits.DEFAULT, new Squashfs());
    }

    public ImageCache(Path imagesDir, ImageDownloader downloader, UnpackLimits limits, Squashfs squashfs) {
        this.imagesDir = imagesDir;
        this.downloader = downloader;
        this.unpacker = new ImageUnpacker(limits, squashfs);
    }

    /** For tests of {@link #collect}. */
    void clock(Clock clock) {
        this.clock = clock;
    }

    public CachedImage find(String fingerprint) {
        return new CachedImage(validated(fingerprint), imagesDir.resolve(validated(fingerprint)));
    }

    public boolean isCached(String fingerprint) {
        return Files.isDirectory(find(fingerprint).rootfs());
    }

    /** Returns the cached image, fetching and unpacking it first when this node does not have it yet. */
    public CachedImage ensure(String fingerprint, String url) {
        return ensure(fingerprint, url, null);
    }

    /** The image of {@code spec}, split or unified. */
    public CachedImage ensure(ContainerSpec spec) {
        return ensure(spec.fingerprint(), spec.imageUrl(), spec.rootfsUrl());
    }

    /** As {@link #ensure(String, String)}; {@code rootfsUrl} is the rootfs of a split image (may be null). */
    public CachedImage ensure(String fingerprint, String url, String rootfsUrl) {
        CachedImage image = find(fingerprint);
        synchronized (lock(image.fingerprint())) {
            if (!isCached(image.fingerprint())) {
                fetch(image, url, rootfsUrl);
            }
            touch(image);
            return image;
        }
    }

    /**
     * Removes cached images that no instance uses and that nobody used for {@code unusedFor}, plus temp dirs left by
     * a crash; returns the fingerprints removed.
     */
    public List<String> collect(Set<String> inUse, Duration unusedFor) {
        List<String> removed = new ArrayList<>();
        Instant cutoff = clock.instant().minus(unusedFor);
        try (Stream<Path> entries = Files.list(imagesDir)) {
            for (Path dir : entries.toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) && lastUsed(dir).isBefore(cutoff)) {
                    deleteTree(dir);
                } else if (name.matches("[0-9a-f]{64}") && !inUse.contains(name) && remove(name, inUse, cutoff)) {
                    removed.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        } catch (IOException e) {
            LOG.warnf("image gc: cannot list %s: %s", imagesDir, e.toString());
        }
        return removed;
    }

    private boolean remove(String fingerprint, Set<String> inUse, Instant cutoff) throws IOException {
        synchronized (lock(fingerprint)) {
            Path dir = imagesDir.resolve(fingerprint);
            if (inUse.contains(fingerprint) || !lastUsed(dir).isBefore(cutoff)) {
                return false;
            }
            // Renamed first, so a concurrent ensure() in another process re-fetches instead of using half a tree.
            Path doomed = imagesDir.resolve(TEMP_PREFIX + "gc-" + fingerprint + "-" + UUID.randomUUID());
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(doomed);
            LOG.infof("image gc: removed unused image %s", fingerprint);
            return true;
        }
    }

    private void fetch(CachedImage image, String url, String rootfsUrl) {
        if (url == null || url.isBlank()) {
            throw new ImageException(
                    "image " + image.fingerprint() + " is not cached and the command has no image URL");
        }
        long t0 = System.nanoTime();
        Path tmp = imagesDir.resolve(TEMP_PREFIX + image.fingerprint() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            ImageDownloader.Downloaded files = downloader.download(image.fingerprint(), url, rootfsUrl, tmp);
            Path unpacked = tmp.resolve("unpacked");
            unpacker.unpack(files, unpacked);
            if (!Files.isDirectory(unpacked.resolve("rootfs"), LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("image " + image.fingerprint() + " has no rootfs/ directory");
            }
            publish(unpacked, image.dir());
            LOG.infof("image %s cached in %d ms (%s)", image.fingerprint(), (System.nanoTime() - t0) / 1_000_000,
                    files.rootfs().isPresent() ? "split" : "unified");
        } catch (IOException e) {
            throw new ImageException("cannot unpack image " + image.fingerprint() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private void touch(CachedImage image) {
        try {
            Files.setLastModifiedTime(image.dir(), FileTime.from(clock.instant()));
        } catch (IOException e) {
            LOG.debugf("cannot mark image %s used: %s", image.fingerprint(), e.toString());
        }
    }

    private static Instant lastUsed(Path dir) throws IOException {
        return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    private Object lock(String fingerprint) {
        return locks.computeIfAbsent(fingerprint, k -> new Object());
    }

    private static void publish(Path unpacked, Path target) throws IOException {
        try {
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another process won the race; its copy is identical (same verified digest)
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the image cache must be on one filesystem: " + e.getMessage(), e);
        }
    }

    private static String validated(String fingerprint) {
        if (fingerprint == null || !fingerprint.matches("[0-9a-fA-F]{64}")) {
            throw new ImageException("\"" + fingerprint + "\" is not a sha256 fingerprint");
        }
        return fingerprint.toLowerCase(Locale.ROOT);
    }

    /** Deletes a tree without following symlinks. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", root, e.toString());
        }
    }
}
