package dev.berth.imageformat;

import java.io.IOException;
import java.io.InputStream;

/**
 * Validates image tarballs as they stream past, without unpacking them: every entry is checked
 * ({@link SafeTarReader}) and {@code metadata.yaml} is parsed ({@link MetadataParser}).
 */
public final class ImageScanner {
    private static final String METADATA = "metadata.yaml";

    private final UnpackLimits limits;

    public ImageScanner(UnpackLimits limits) {
        this.limits = limits;
    }

    /** A unified image: {@code metadata.yaml} and a {@code rootfs/} directory are required. */
    public ScanResult scanUnified(InputStream raw) throws IOException {
        boolean[] rootfs = {false};
        ImageMetadata[] metadata = {null};
        TarSummary summary = new SafeTarReader(ArchiveLayout.UNIFIED, limits).read(raw, (entry, path, content) -> {
            if (path.equals("rootfs") || path.startsWith("rootfs/")) {
                rootfs[0] = true;
            } else if (path.equals(METADATA)) {
                metadata[0] = readMetadata(entry.isFile(), entry.getSize(), content);
            }
        });
        requireMetadata(metadata[0]);
        if (!rootfs[0]) {
            throw new ImageFormatException("Image has no rootfs/ directory");
        }
        return new ScanResult(metadata[0], summary);
    }

    /** What an uploaded tarball holds, told apart by its root entries. */
    public enum UploadKind {
        /** An LXD unified image ({@code metadata.yaml} at the root). */
        LXD_UNIFIED,
        /** An OCI image layout ({@code oci-layout} or {@code index.json} at the root), as an oci-archive. */
        OCI_LAYOUT,
        /** {@code docker save} output: a {@code manifest.json} listing {@code Config} and {@code Layers}. */
        DOCKER_ARCHIVE
    }

    /**
     * An upload's kind; {@code scan.metadata()} is null unless it is an LXD image. {@code metadata.yaml} wins over the OCI markers,
     * and an OCI layout over {@code manifest.json} (docker 25 writes both).
     */
    public record Upload(UploadKind kind, ScanResult scan) {
    }

    /**
     * A raw upload: validated as {@link #scanUnified} when it has {@code metadata.yaml}, else recognised as an OCI
     * layout or docker-archive. Anything else fails as an LXD image would.
     */
    public Upload scanUpload(InputStream raw) throws IOException {
        boolean[] seen = new boolean[4]; // rootfs/, oci-layout or index.json, docker manifest.json
        ImageMetadata[] metadata = {null};
        TarSummary summary = new SafeTarReader(ArchiveLayout.UNIFIED, limits).read(raw, (entry, path, content) -> {
            if (path.equals("rootfs") || path.startsWith("rootfs/")) {
                seen[0] = true;
            } else if (path.equals(METADATA)) {
                metadata[0] = readMetadata(entry.isFile(), entry.getSize(), content);
            } else if ((path.equals("oci-layout") || path.equals("index.json")) && entry.isFile()) {
                seen[1] = true;
            } else if (path.equals("manifest.json") && entry.isFile() && entry.getSize() <= MetadataParser.MAX_BYTES) {
                seen[2] = DockerManifest.isDockerManifest(content.readAllBytes());
            }
        });
        if (metadata[0] == null && seen[1]) {
            return new Upload(UploadKind.OCI_LAYOUT, new ScanResult(null, summary));
        }
        if (metadata[0] == null && seen[2]) {
            return new Upload(UploadKind.DOCKER_ARCHIVE, new ScanResult(null, summary));
        }
        requireMetadata(metadata[0]);
        if (!seen[0]) {
            throw new ImageFormatException("Image has no rootfs/ directory");
        }
        return new Upload(UploadKind.LXD_UNIFIED, new ScanResult(metadata[0], summary));
    }

    /** The metadata tarball of a split image: {@code metadata.yaml} and optional {@code templates/}. */
    public ScanResult scanMetadata(InputStream raw) throws IOException {
        ImageMetadata[] metadata = {null};
        TarSummary summary = new SafeTarReader(ArchiveLayout.METADATA, limits).read(raw, (entry, path, content) -> {
            if (path.equals(METADATA)) {
                metadata[0] = readMetadata(entry.isFile(), entry.getSize(), content);
            }
        });
        requireMetadata(metadata[0]);
        return new ScanResult(metadata[0], summary);
    }

    /** The rootfs tarball of a split image: any valid root filesystem. */
    public ScanResult scanRootfs(InputStream raw) throws IOException {
        return new ScanResult(null, new SafeTarReader(ArchiveLayout.ROOTFS, limits).read(raw, (e, p, c) -> {
        }));
    }

    private static ImageMetadata readMetadata(boolean regular, long size, InputStream content) throws IOException {
        if (!regular) {
            throw new ImageFormatException("metadata.yaml is not a regular file");
        }
        if (size > MetadataParser.MAX_BYTES) {
            throw new ImageFormatException("Invalid metadata.yaml: is larger than " + MetadataParser.MAX_BYTES
                    + " bytes");
        }
        return MetadataParser.parse(content.readAllBytes());
    }

    private static void requireMetadata(ImageMetadata metadata) throws ImageFormatException {
        if (metadata == null) {
            throw new ImageFormatException("Image has no metadata.yaml");
        }
    }
}
