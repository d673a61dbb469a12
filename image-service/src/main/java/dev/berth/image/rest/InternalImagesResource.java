package dev.berth.image.rest;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.AliasedImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageSource;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.ImageCatalog;
import dev.berth.image.service.ImageSources;

/** Image look-ups for the other services: {@code resolve} for instance creation, plain LXD records. */
@Path("/internal/images")
@Produces(MediaType.APPLICATION_JSON)
public class InternalImagesResource {

    @Inject
    ImageCatalog catalog;
    @Inject
    ImageSources sources;
    @Inject
    BerthConfig config;

    @GET
    public List<LxdImage> list() {
        return lxdImages();
    }

    /** By fingerprint (prefix allowed) when given, else by alias: LXD's precedence in {@code InstancesPost}. */
    @GET
    @Path("/resolve")
    public ResolvedImage resolve(@QueryParam("alias") String alias, @QueryParam("fingerprint") String fingerprint) {
        Image image;
        if (fingerprint != null && !fingerprint.isBlank()) {
            image = catalog.byFingerprint(fingerprint);
        } else if (alias != null && !alias.isBlank()) {
            image = catalog.byAlias(alias);
        } else {
            throw new InvalidRequestException("Either alias or fingerprint is required");
        }
        String base = base() + "/internal/images/" + image.fingerprint();
        return new ResolvedImage(image.fingerprint(), base + "/blob", image.split() ? base + "/rootfs" : null,
                image.size(), image.properties());
    }

    @GET
    @Path("/{fingerprint}")
    public LxdImage get(@PathParam("fingerprint") String fingerprint) {
        return lxdImage(catalog.describe(fingerprint));
    }

    private String base() {
        String base = config.imageService().url();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private List<LxdImage> lxdImages() {
        Map<String, ImageSource> pulled = sources.all();
        return catalog.list().stream().map(i -> LxdImage.of(i, pulled.get(i.image().fingerprint()))).toList();
    }

    private LxdImage lxdImage(AliasedImage image) {
        return LxdImage.of(image, sources.of(image.image().fingerprint()).orElse(null));
    }
}
