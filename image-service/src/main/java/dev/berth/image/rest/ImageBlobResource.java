package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.berth.image.domain.Image;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.ImageCatalog;

/** {@code GET /internal/images/{fingerprint}/blob}: streams an image's unified tarball to an executor. */
@Path("/internal/images/{fingerprint}/blob")
public class ImageBlobResource {
    public static final String FINGERPRINT_HEADER = "X-Berth-Fingerprint";

    @Inject
    ImageCatalog catalog;

    @GET
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response blob(@PathParam("fingerprint") String fingerprint) throws IOException {
        Image image = catalog.byFingerprint(fingerprint);
        BlobInfo blob = catalog.blob(image);
        StreamingOutput body = out -> {
            try (InputStream in = catalog.open(blob)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, blob.size())
                .header(FINGERPRINT_HEADER, blob.fingerprint())
                .header("Content-Disposition", "attachment; filename=\"" + image.filename() + "\"")
                .build();
    }
}
