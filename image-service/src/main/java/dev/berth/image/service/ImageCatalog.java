package dev.berth.image.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.domain.AliasedImage;
import dev.berth.image.domain.AmbiguousFingerprintException;
import dev.berth.image.domain.Fingerprints;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.repository.AliasRepository;
import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.repository.ImageRepository;
import dev.berth.support.jdbc.Tx;

/** Looks images up by alias or fingerprint prefix, LXD-style, and opens their blobs. */
@ApplicationScoped
public class ImageCatalog {
    private static final String NOT_FOUND = "Image not found";

    @Inject
    Tx tx;
    @Inject
    ImageRepository images;
    @Inject
    AliasRepository aliases;
    @Inject
    BlobStore blobs;

    public Image byAlias(String name) {
        ImageAlias alias = tx.run(c -> aliases.find(c, name)).orElseThrow(() -> new ImageNotFoundException(NOT_FOUND));
        return byFingerprint(alias.target());
    }

    /** The one image whose fingerprint starts with {@code prefix}; LXD's {@code GetImageByFingerprintPrefix}. */
    public Image byFingerprint(String prefix) {
        String p = Fingerprints.prefix(prefix).orElseThrow(() -> new ImageNotFoundException(NOT_FOUND));
        List<Image> found = tx.run(c -> images.findByPrefix(c, p, 2));
        if (found.isEmpty()) {
            throw new ImageNotFoundException(NOT_FOUND);
        }
        if (found.size() > 1) {
            throw new AmbiguousFingerprintException(p);
        }
        return found.get(0);
    }

    public ImageAlias alias(String name) {
        return tx.run(c -> aliases.find(c, name))
                .orElseThrow(() -> new ImageNotFoundException("Image alias not found"));
    }

    public List<ImageAlias> aliases() {
        return tx.run(c -> aliases.findAll(c));
    }

    public AliasedImage describe(String prefix) {
        Image image = byFingerprint(prefix);
        return new AliasedImage(image, tx.run(c -> aliases.findByTarget(c, image.fingerprint())));
    }

    public List<AliasedImage> list() {
        return tx.run(c -> {
            Map<String, List<ImageAlias>> byTarget = aliases.findAll(c).stream()
                    .collect(Collectors.groupingBy(ImageAlias::target));
            return images.findAll(c).stream()
                    .map(i -> new AliasedImage(i, byTarget.getOrDefault(i.fingerprint(), List.of())))
                    .toList();
        });
    }

    /** Whether an image with exactly this fingerprint is registered. */
    public boolean exists(String fingerprint) {
        return !tx.run(c -> images.findByPrefix(c, fingerprint, 2)).stream()
                .filter(i -> i.fingerprint().equals(fingerprint)).toList().isEmpty();
    }

    /** The unified tarball, or the metadata tarball of a split image; not found when the blob is missing. */
    public BlobInfo blob(Image image) throws IOException {
        return blobs.stat(image.blobName()).orElseThrow(() -> new ImageNotFoundException("Image blob not found"));
    }

    /** The rootfs of a split image. */
    public BlobInfo rootfsBlob(Image image) throws IOException {
        if (!image.split()) {
            throw new ImageNotFoundException("Image " + image.fingerprint() + " is not a split image");
        }
        return blobs.stat(image.rootfsBlobName())
                .orElseThrow(() -> new ImageNotFoundException("Image rootfs blob not found"));
    }

    /**
     * The sha256 of the image's files as served (the blob, then the rootfs of a split image): its fingerprint,
     * except for OCI imports, whose fingerprint comes from the OCI layer digests.
     */
    public String contentSha256(Image image) {
        return tx.run(c -> images.contentSha256(c, image.fingerprint())).orElse(image.fingerprint());
    }

    public InputStream open(BlobInfo blob) throws IOException {
        return blobs.open(blob.name());
    }
}
