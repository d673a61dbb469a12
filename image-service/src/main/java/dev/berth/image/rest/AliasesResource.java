package dev.berth.image.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.image.service.ImageCatalog;

/** {@code GET /internal/aliases/{name}}: an LXD alias record. */
@Path("/internal/aliases")
@Produces(MediaType.APPLICATION_JSON)
public class AliasesResource {

    @Inject
    ImageCatalog catalog;

    @GET
    @Path("/{name}")
    public LxdImageAliasesEntry get(@PathParam("name") String name) {
        return LxdImageAliasesEntry.of(catalog.alias(name));
    }
}
