package dev.berth.executor.image;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * The node's image cache: each fingerprint is downloaded, verified and unpacked once into
 * {@code executor/images/<fp>/}. Unpacking happens in a temp dir that is renamed into place, so a half-unpacked
 * image is never visible and concurrent callers (threads or processes) agree on one copy.
 */
public final class ImageCache {
    private static final Logger LOG = Logger.getLogger(ImageCache.class);

    private final Path imagesDir;
    private final ImageDownloader downloader;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ImageCache(Path imagesDir, ImageDownloader downloader) {
        this.imagesDir = imagesDir;
        this.downloader = downloader;
    }

    public CachedImage find(String fingerprint) {
        return new CachedImage(fingerprint, imagesDir.resolve(validated(fingerprint)));
    }

    public boolean isCached(String fingerprint) {
        return Files.isDirectory(find(fingerprint).rootfs());
    }

    /** Returns the cached image, fetching and unpacking it first when this node does not have it yet. */
    public CachedImage ensure(String fingerprint, String url) {
        CachedImage image = find(fingerprint);
        if (isCached(fingerprint)) {
            return image;
        }
        synchronized (locks.computeIfAbsent(fingerprint, k -> new Object())) {
            if (!isCached(fingerprint)) {
                fetch(image, url);
            }
            return image;
        }
    }

    private void fetch(CachedImage image, String url) {
        if (url == null || url.isBlank()) {
            throw new ImageException(
                    "image " + image.fingerprint() + " is not cached and the command has no image URL");
        }
        long t0 = System.nanoTime();
        Path tmp = imagesDir.resolve(".tmp-" + image.fingerprint() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Path tarball = tmp.resolve("image.tar.gz");
            downloader.download(url, image.fingerprint(), tarball);
            Path unpacked = tmp.resolve("unpacked");
            TarballUnpacker.unpack(tarball, unpacked);
            if (!Files.isDirectory(unpacked.resolve("rootfs"))) {
                throw new ImageException("image " + image.fingerprint() + " has no rootfs/ directory");
            }
            publish(unpacked, image.dir());
            LOG.infof("image %s cached in %d ms", image.fingerprint(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new ImageException("cannot unpack image " + image.fingerprint() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
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
        return fingerprint.toLowerCase(java.util.Locale.ROOT);
    }

    /** Deletes a tree without following symlinks. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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
