package dev.berth.image.service;

import java.io.IOException;
import java.util.List;

import dev.berth.image.domain.BusyboxImageLayout;
import dev.berth.image.domain.BusyboxInfo;
import dev.berth.image.domain.ImageMetadata;
import dev.berth.image.domain.TarEntry;
import dev.berth.image.repository.BlobStore.BlobWriter;

/** The built-in busybox image, ready to be written as a deterministic unified tarball. */
public record BuiltinImage(BusyboxInfo busybox, ImageMetadata metadata, List<TarEntry> entries, String filename) {

    public static BuiltinImage from(BusyboxInfo busybox, String architecture) {
        ImageMetadata metadata = BusyboxImageLayout.metadata(busybox, architecture);
        return new BuiltinImage(busybox, metadata, BusyboxImageLayout.entries(busybox, metadata),
                BusyboxImageLayout.filename(busybox));
    }

    public BlobWriter tarball() {
        return out -> UnifiedTarballWriter.write(entries, busybox.epochSeconds(), out);
    }

    /** Convenience for tests and tools: the tarball bytes in memory. */
    public byte[] toBytes() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        tarball().writeTo(out);
        return out.toByteArray();
    }
}
