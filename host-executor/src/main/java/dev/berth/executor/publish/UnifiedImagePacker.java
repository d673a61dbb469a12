package dev.berth.executor.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Packs a container as an LXD unified image: {@code metadata.yaml} (the source image's, with a new creation date and
 * the publisher's properties merged in), the source image's {@code templates/}, and the merged root filesystem.
 */
public final class UnifiedImagePacker {
    /** Compression names as LXD's {@code compression_algorithm} spells them, mapped to Commons Compress. */
    private static final Map<String, String> COMPRESSORS = Map.of("gzip", CompressorStreamFactory.GZIP, "xz",
            CompressorStreamFactory.XZ, "zstd", CompressorStreamFactory.ZSTANDARD, "bzip2",
            CompressorStreamFactory.BZIP2);
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private UnifiedImagePacker() {
    }

    /** Writes the tarball to {@code out} (left open), compressed with {@code compression}. */
    public static void pack(Path rootfs, Path imageDir, Map<String, String> properties, String compression,
            Instant now, OutputStream out) throws IOException {
        pack(rootfs, imageDir, properties, compression, now, LongUnaryOperator.identity(), out);
    }

    /**
     * As {@link #pack(Path, Path, Map, String, Instant, OutputStream)}, with {@code ids} turning a stored uid or gid
     * into the one the image must carry (an unprivileged container's layer is stored shifted).
     */
    public static void pack(Path rootfs, Path imageDir, Map<String, String> properties, String compression,
            Instant now, LongUnaryOperator ids, OutputStream out) throws IOException {
        OutputStream shielded = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the caller owns the stream
            }
        };
        try (OutputStream compressed = compress(compression, shielded);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] metadata = metadata(imageDir.resolve("metadata.yaml"), properties, now);
            TarArchiveEntry entry = new TarArchiveEntry("metadata.yaml");
            entry.setSize(metadata.length);
            entry.setMode(0644);
            entry.setModTime(now.toEpochMilli());
            tar.putArchiveEntry(entry);
            tar.write(metadata);
            tar.closeArchiveEntry();
            RootfsTarWriter writer = new RootfsTarWriter(tar, ids);
            Path templates = imageDir.resolve("templates");
            if (Files.isDirectory(templates)) {
                writer.addTree(templates, "templates");
            }
            writer.addTree(rootfs, "rootfs");
            tar.finish();
        }
    }

    /** The new image's {@code metadata.yaml}: the source's keys kept, creation date now, properties merged. */
    static byte[] metadata(Path source, Map<String, String> properties, Instant now) throws IOException {
        Map<String, Object> meta = Files.isRegularFile(source)
                ? YAML.readValue(source.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
                })
                : new LinkedHashMap<>();
        if (meta == null) {
            meta = new LinkedHashMap<>();
        }
        meta.putIfAbsent("architecture", "x86_64");
        meta.put("creation_date", now.getEpochSecond());
        Map<String, Object> props = new LinkedHashMap<>();
        if (meta.get("properties") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        props.putAll(properties);
        meta.put("properties", props);
        return YAML.writeValueAsString(meta).getBytes(StandardCharsets.UTF_8);
    }

    private static OutputStream compress(String compression, OutputStream out) throws IOException {
        String c = compression == null || compression.isEmpty() ? "gzip" : compression;
        if (c.equals("none")) {
            return out;
        }
        String name = COMPRESSORS.get(c);
        if (name == null) {
            throw new IllegalArgumentException("unsupported compression " + c);
        }
        try {
            return new CompressorStreamFactory().createCompressorOutputStream(name, out);
        } catch (CompressorException e) {
            throw new IOException("cannot compress with " + c + ": " + e.getMessage(), e);
        }
    }
}
