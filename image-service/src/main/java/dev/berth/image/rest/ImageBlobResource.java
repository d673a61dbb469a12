package dev.berth.image.rest;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.image.domain.Image;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.ImageCatalog;

/**
 * Image files for executors: {@code /blob} is the unified tarball (or the metadata tarball of a split image),
 * {@code /rootfs} the rootfs of a split image. A split image's {@code /blob} names its rootfs URL in
 * {@code X-Berth-Rootfs-Url}, so a client that only knows the fingerprint still finds both halves.
 * {@code X-Berth-Sha256} is what the files hash to, which differs from the fingerprint for OCI imports.
 */
@Path("/internal/images/{fingerprint}")
public class ImageBlobResource {
    public static final String FINGERPRINT_HEADER = "X-Berth-Fingerprint";
    public static final String ROOTFS_HEADER = "X-Berth-Rootfs-Url";
    /** The sha256 the image's files (blob, then rootfs) must hash to; the fingerprint but for OCI imports. */
    public static final String SHA256_HEADER = "X-Berth-Sha256";

    @Inject
    ImageCatalog catalog;

    @GET
    @Path("/blob")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response blob(@PathParam("fingerprint") String fingerprint) throws IOException {
        Image image = catalog.byFingerprint(fingerprint);
        Response.ResponseBuilder ok = stream(image, catalog.blob(image));
        if (image.split()) {
            ok.header(ROOTFS_HEADER, "/internal/images/" + image.fingerprint() + "/rootfs");
        }
        return ok.build();
    }

    @GET
    @Path("/rootfs")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response rootfs(@PathParam("fingerprint") String fingerprint) throws IOException {
        Image image = catalog.byFingerprint(fingerprint);
        return stream(image, catalog.rootfsBlob(image)).build();
    }

    private Response.ResponseBuilder stream(Image image, BlobInfo blob) {
        return Response.ok(ImageExport.copy(catalog, blob), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, blob.size())
                .header(FINGERPRINT_HEADER, image.fingerprint())
                .header(SHA256_HEADER, catalog.contentSha256(image))
                .header("Content-Disposition", "attachment; filename=\"" + blob.name() + "\"");
    }
}
