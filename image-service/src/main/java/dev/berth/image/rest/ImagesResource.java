package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.image.domain.AliasedImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageSource;
import dev.berth.image.service.ETags;
import dev.berth.image.service.ImageCatalog;
import dev.berth.image.service.ImageEdits;
import dev.berth.image.service.ImageImporter;
import dev.berth.image.service.ImageImporter.Imported;
import dev.berth.image.service.ImageRegistry;
import dev.berth.image.service.ImageSources;
import io.smallrye.common.annotation.Blocking;

/**
 * LXD's {@code /1.0/images} and {@code /1.0/images/{fingerprint}}, served here and proxied verbatim by the gateway.
 * The upload and the delete answer synchronously; the gateway wraps them in LXD operations.
 */
@Path("/1.0/images")
@Blocking
public class ImagesResource {
    @Inject
    ImageCatalog catalog;
    @Inject
    ImageSources sources;
    @Inject
    ImageImporter importer;
    @Inject
    ImageRegistry registry;
    @Inject
    Uploads uploads;

    @GET
    public Response list(@QueryParam("recursion") int recursion, @QueryParam("project") String project) {
        Projects.require(project);
        if (recursion >= 1) {
            return Lxd.sync(lxdImages());
        }
        return Lxd.sync(catalog.list().stream().map(i -> LxdUrls.image(i.image().fingerprint())).toList());
    }

    /**
     * {@code incus image import}: the raw unified tarball, a {@code multipart/form-data} split image, or JSON (only
     * source types handled elsewhere). 201 with {@code {"fingerprint","size"}} as the operation metadata.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(InputStream body, @Context HttpHeaders headers, @QueryParam("project") String project)
            throws IOException {
        Projects.require(project);
        Imported imported = uploads.accept(body, headers);
        return Lxd.created(new UploadResult(imported.fingerprint(), Long.toString(imported.size())),
                LxdUrls.image(imported.fingerprint()));
    }

    @GET
    @Path("/{fingerprint}")
    public Response get(@PathParam("fingerprint") String fingerprint, @QueryParam("project") String project) {
        Projects.require(project);
        AliasedImage image = catalog.describe(fingerprint);
        return Lxd.sync(LxdImage.of(image, sources.of(image.image().fingerprint()).orElse(null)),
                ETags.of(image.image()));
    }

    @PUT
    @Path("/{fingerprint}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("fingerprint") String fingerprint, JsonNode body, @Context HttpHeaders headers,
            @QueryParam("project") String project) {
        return edit(fingerprint, body, headers, project, true);
    }

    @PATCH
    @Path("/{fingerprint}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@PathParam("fingerprint") String fingerprint, JsonNode body, @Context HttpHeaders headers,
            @QueryParam("project") String project) {
        return edit(fingerprint, body, headers, project, false);
    }

    @DELETE
    @Path("/{fingerprint}")
    public Response delete(@PathParam("fingerprint") String fingerprint, @Context HttpHeaders headers,
            @QueryParam("project") String project) {
        Projects.require(project);
        registry.delete(catalog.byFingerprint(fingerprint), headers.getHeaderString(UploadHeaders.OPERATION));
        return Lxd.sync(null);
    }

    @GET
    @Path("/{fingerprint}/export")
    public Response export(@PathParam("fingerprint") String fingerprint, @QueryParam("project") String project)
            throws IOException {
        Projects.require(project);
        return ImageExport.of(catalog, catalog.byFingerprint(fingerprint));
    }

    private Response edit(String fingerprint, JsonNode body, HttpHeaders headers, String project, boolean replace) {
        Projects.require(project);
        Image image = catalog.byFingerprint(fingerprint);
        registry.update(image.fingerprint(), current -> ImageEdits.apply(current, body, replace),
                Optional.ofNullable(headers.getHeaderString("If-Match")),
                headers.getHeaderString(UploadHeaders.OPERATION));
        return Lxd.sync(null);
    }

    /** The metadata of a finished upload, as LXD puts it on the operation: the size is a string. */
    public record UploadResult(String fingerprint, String size) {
    }

    private List<LxdImage> lxdImages() {
        Map<String, ImageSource> pulled = sources.all();
        return catalog.list().stream().map(i -> LxdImage.of(i, pulled.get(i.image().fingerprint()))).toList();
    }
}
