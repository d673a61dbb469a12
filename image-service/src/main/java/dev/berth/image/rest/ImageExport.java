package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.berth.image.domain.Image;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.ImageCatalog;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.Squashfs;

/**
 * {@code GET /1.0/images/{fp}/export} as Incus answers it: a unified image is the raw tarball named
 * {@code <fp><ext>}; a split one is {@code multipart/form-data} with the parts {@code metadata}
 * ({@code meta-<fp><ext>}) and {@code rootfs} ({@code <fp><ext>} or {@code <fp>.squashfs}).
 */
final class ImageExport {
    private ImageExport() {
    }

    static Response of(ImageCatalog catalog, Image image) throws IOException {
        BlobInfo meta = catalog.blob(image);
        if (!image.split()) {
            String name = image.fingerprint() + extension(catalog, meta);
            return Response.ok(copy(catalog, meta), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header(HttpHeaders.CONTENT_LENGTH, meta.size())
                    .header("Content-Disposition", "attachment; filename=" + name).build();
        }
        BlobInfo rootfs = catalog.rootfsBlob(image);
        String boundary = UUID.randomUUID().toString().replace("-", "");
        String metaName = "meta-" + image.fingerprint() + extension(catalog, meta);
        String rootfsName = image.fingerprint() + extension(catalog, rootfs);
        StreamingOutput body = out -> {
            part(out, boundary, "metadata", metaName);
            copy(catalog, meta).write(out);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            part(out, boundary, "rootfs", rootfsName);
            copy(catalog, rootfs).write(out);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        };
        return Response.ok(body, "multipart/form-data; boundary=" + boundary).build();
    }

    private static void part(OutputStream out, String boundary, String name, String filename) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    static StreamingOutput copy(ImageCatalog catalog, BlobInfo blob) {
        return out -> {
            try (InputStream in = catalog.open(blob)) {
                in.transferTo(out);
            }
        };
    }

    /** LXD's file name suffix, from the blob's magic bytes: {@code .tar.xz}, {@code .squashfs}, ... */
    private static String extension(ImageCatalog catalog, BlobInfo blob) throws IOException {
        byte[] head;
        try (InputStream in = catalog.open(blob)) {
            head = in.readNBytes(Compression.MAGIC_LENGTH);
        }
        return Squashfs.isSquashfs(head) ? ".squashfs" : Compression.detect(head).extension();
    }
}
