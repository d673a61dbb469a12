package dev.berth.imageformat;

/**
 * What reading a whole tarball found.
 *
 * @param unpackedBytes the decompressed size of the tar stream
 * @param contentBytes the sum of the regular files' sizes
 */
public record TarSummary(Compression compression, long entries, long unpackedBytes, long contentBytes) {
}
