package dev.berth.image.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.berth.image.domain.Fingerprints;

/** Helpers for reading back tarballs in tests. */
public final class TarballFixtures {

    /** An archive entry plus its bytes (empty for directories and links). */
    public record Read(TarArchiveEntry entry, byte[] content) {
    }

    private TarballFixtures() {
    }

    /** Entries in archive order, by name. */
    public static Map<String, Read> read(byte[] tarGz) throws IOException {
        Map<String, Read> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.put(e.getName(), new Read(e, tar.readAllBytes()));
            }
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return Fingerprints.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
