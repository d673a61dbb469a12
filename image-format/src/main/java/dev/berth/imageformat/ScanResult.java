package dev.berth.imageformat;

/**
 * What validating one image tarball found.
 *
 * @param metadata the parsed {@code metadata.yaml}; null for the rootfs half of a split image
 */
public record ScanResult(ImageMetadata metadata, TarSummary tar) {
}
