package dev.berth.image.service;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.Fingerprints;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.BlobStore.Staged;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.ImageFormatException;
import dev.berth.imageformat.ImageMetadata;
import dev.berth.imageformat.ImageScanner;
import dev.berth.imageformat.ImageScanner.Upload;
import dev.berth.imageformat.ImageScanner.UploadKind;
import dev.berth.imageformat.ScanResult;
import dev.berth.imageformat.Squashfs;
import dev.berth.imageformat.UnpackLimits;

/**
 * Imports uploaded images in one streaming pass: the bytes go to a staged file in the blob store while they are
 * hashed and every tar entry is validated, so nothing is held in memory. Only a valid, new image is committed under
 * its fingerprint and registered; any failure leaves no staged file, blob or row behind.
 */
@ApplicationScoped
public class ImageImporter {
    private static final int BUFFER = 1 << 16;

    /** What the LXD operation reports: the fingerprint and the size in bytes. */
    public record Imported(String fingerprint, long size) {
    }

    @Inject
    BlobStore blobs;
    @Inject
    ImageRegistry registry;
    @Inject
    BerthConfig config;
    @Inject
    OciImporter oci;

    Clock clock = Clock.systemUTC();

    /**
     * A unified tarball (the raw request body); an OCI layout or docker-archive tarball becomes an application
     * image ({@link OciImporter}).
     */
    public Imported importUnified(InputStream body, UploadRequest request) throws IOException {
        MessageDigest sha256 = Fingerprints.sha256();
        try (Staged staged = blobs.stage()) {
            Upload upload = store(body, staged, sha256, scanner()::scanUpload);
            if (upload.kind() != UploadKind.LXD_UNIFIED) {
                return oci.importArchive(staged.path(), upload.scan().tar().compression(),
                        upload.kind() == UploadKind.DOCKER_ARCHIVE, request, limits());
            }
            ScanResult scan = upload.scan();
            String fingerprint = verified(sha256, request);
            long size = staged.size();
            Image image = image(fingerprint, request.filename(), size, scan.metadata(), request, false);
            registry.register(image, request.aliases(), request.operationId(),
                    () -> blobs.commit(staged, image.blobName()));
            return new Imported(fingerprint, size);
        } catch (ImageFormatException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
    }

    /** A split image: part {@code metadata} (tarball), then {@code rootfs} (tarball or squashfs). */
    public Imported importSplit(UploadPart.Source parts, UploadRequest request) throws IOException {
        UploadPart meta = parts.next();
        if (meta == null || !"metadata".equals(meta.name())) {
            throw new InvalidRequestException("Invalid multipart image: the first part must be \"metadata\"");
        }
        MessageDigest sha256 = Fingerprints.sha256();
        try (Staged metaBlob = blobs.stage(); Staged rootfsBlob = blobs.stage()) {
            ScanResult scan = store(meta.body(), metaBlob, sha256, scanner()::scanMetadata);
            storeRootfs(next(parts), rootfsBlob, sha256);
            if (parts.next() != null) {
                throw new InvalidRequestException("Invalid multipart image: unexpected part after \"rootfs\"");
            }
            String fingerprint = verified(sha256, request);
            long size = metaBlob.size() + rootfsBlob.size();
            String filename = request.filename() != null ? request.filename() : meta.filename();
            Image image = image(fingerprint, filename, size, scan.metadata(), request, true);
            registry.register(image, request.aliases(), request.operationId(), () -> {
                blobs.commit(rootfsBlob, image.rootfsBlobName());
                blobs.commit(metaBlob, image.blobName());
            });
            return new Imported(fingerprint, size);
        } catch (ImageFormatException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
    }

    private static UploadPart next(UploadPart.Source parts) throws IOException {
        UploadPart rootfs = parts.next();
        if (rootfs != null && "rootfs.img".equals(rootfs.name())) {
            throw new InvalidRequestException("Virtual-machine images (rootfs.img) are not supported");
        }
        if (rootfs == null || !"rootfs".equals(rootfs.name())) {
            throw new InvalidRequestException("Invalid multipart image: the second part must be \"rootfs\"");
        }
        return rootfs;
    }

    private void storeRootfs(UploadPart rootfs, Staged staged, MessageDigest sha256) throws IOException {
        InputStream in = new BufferedInputStream(rootfs.body(), BUFFER);
        if (Squashfs.isSquashfs(Compression.peek(in))) {
            try (OutputStream out = digesting(staged, sha256)) {
                in.transferTo(out);
            }
            new Squashfs(config.image().unsquashfs()).validate(staged.path(), limits());
        } else {
            store(in, staged, sha256, scanner()::scanRootfs);
        }
    }

    /** Validation reading through a stream. */
    @FunctionalInterface
    private interface Scan<T> {
        T scan(InputStream in) throws IOException;
    }

    /** Streams {@code in} into {@code staged} and {@code sha256} while {@code scan} validates the same bytes. */
    private static <T> T store(InputStream in, Staged staged, MessageDigest sha256, Scan<T> scan)
            throws IOException {
        try (OutputStream out = digesting(staged, sha256)) {
            TeeInputStream tee = new TeeInputStream(in, out);
            T result = scan.scan(tee);
            tee.transferTo(OutputStream.nullOutputStream()); // bytes after the archive still belong to the file
            return result;
        }
    }

    private static OutputStream digesting(Staged staged, MessageDigest sha256) throws IOException {
        return new DigestOutputStream(new BufferedOutputStream(staged.output(), BUFFER), sha256);
    }

    private static String verified(MessageDigest sha256, UploadRequest request) {
        String fingerprint = Fingerprints.hex(sha256.digest());
        String expected = request.expectedFingerprint();
        if (expected != null && !expected.isBlank() && !expected.trim().equalsIgnoreCase(fingerprint)) {
            throw new InvalidRequestException(
                    "Fingerprints don't match, got " + fingerprint + " expected " + expected.trim());
        }
        return fingerprint;
    }

    private Image image(String fingerprint, String filename, long size, ImageMetadata meta, UploadRequest request,
            boolean split) {
        Map<String, String> properties = new LinkedHashMap<>(meta.properties());
        properties.putAll(request.properties());
        Instant expires = meta.expiryDate() > 0 ? Instant.ofEpochSecond(meta.expiryDate()) : null;
        return new Image(fingerprint, filename == null ? "" : filename, size, meta.architecture(),
                Image.TYPE_CONTAINER, properties, request.isPublic(), false,
                Instant.ofEpochSecond(meta.creationDate()), clock.instant(), null, expires, split);
    }

    private ImageScanner scanner() {
        return new ImageScanner(limits());
    }

    private UnpackLimits limits() {
        return UnpackLimits.DEFAULT.withMaxUnpackedBytes(config.image().maxUnpackedSize().asLongValue());
    }
}
