package dev.berth.image.service;

import java.io.IOException;
import java.io.InputStream;

/** One part of a split-image upload ({@code metadata}, {@code rootfs}); {@code body} streams until the next part. */
public record UploadPart(String name, String filename, InputStream body) {

    /** Yields the parts of a multipart body in order; null after the last one. */
    @FunctionalInterface
    public interface Source {
        UploadPart next() throws IOException;
    }
}
