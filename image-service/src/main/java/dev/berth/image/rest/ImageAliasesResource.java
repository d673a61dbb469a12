package dev.berth.image.rest;

import java.util.List;
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

import dev.berth.image.domain.ImageAlias;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.AliasRegistry;
import dev.berth.image.service.ETags;
import dev.berth.image.service.ImageCatalog;
import io.smallrye.common.annotation.Blocking;

/**
 * LXD's {@code /1.0/images/aliases} and {@code /1.0/images/aliases/{name}}. Names may contain {@code /}
 * ({@code debian/12}), sent escaped as one path segment ({@code debian%2F12}).
 */
@Path("/1.0/images/aliases")
@Blocking
@Consumes(MediaType.WILDCARD)
public class ImageAliasesResource {
    @Inject
    ImageCatalog catalog;
    @Inject
    AliasRegistry registry;

    @GET
    public Response list(@QueryParam("recursion") int recursion, @QueryParam("project") String project) {
        Projects.require(project);
        List<ImageAlias> aliases = catalog.aliases();
        if (recursion >= 1) {
            return Lxd.sync(aliases.stream().map(LxdImageAliasesEntry::of).toList());
        }
        return Lxd.sync(aliases.stream().map(a -> LxdUrls.alias(a.name())).toList());
    }

    /** {@code {"name","target","description"}}: 201, 409 when the name is taken, 404 when the target is unknown. */
    @POST
    public Response create(JsonNode body, @QueryParam("project") String project) {
        Projects.require(project);
        ImageAlias alias = registry.create(text(body, "name"), text(body, "target"), text(body, "description"));
        return Lxd.created(null, LxdUrls.alias(alias.name()));
    }

    @GET
    @Path("/{name: .+}")
    public Response get(@PathParam("name") String name, @QueryParam("project") String project) {
        Projects.require(project);
        ImageAlias alias = catalog.alias(name);
        return Lxd.sync(LxdImageAliasesEntry.of(alias), ETags.of(alias));
    }

    /** Replaces target (required) and description. */
    @PUT
    @Path("/{name: .+}")
    public Response put(@PathParam("name") String name, JsonNode body, @Context HttpHeaders headers,
            @QueryParam("project") String project) {
        Projects.require(project);
        String target = text(body, "target");
        String description = text(body, "description");
        registry.update(name, current -> new ImageAlias(name, target, description == null ? "" : description),
                ifMatch(headers));
        return Lxd.sync(null);
    }

    /** Changes what the body names: target, description. */
    @PATCH
    @Path("/{name: .+}")
    public Response patch(@PathParam("name") String name, JsonNode body, @Context HttpHeaders headers,
            @QueryParam("project") String project) {
        Projects.require(project);
        String target = text(body, "target");
        String description = text(body, "description");
        registry.update(name, current -> new ImageAlias(name, target != null ? target : current.target(),
                description != null ? description : current.description()), ifMatch(headers));
        return Lxd.sync(null);
    }

    /** Rename: {@code {"name": "new"}}; 201 with the new alias's URL. */
    @POST
    @Path("/{name: .+}")
    public Response rename(@PathParam("name") String name, JsonNode body, @QueryParam("project") String project) {
        Projects.require(project);
        String newName = text(body, "name");
        registry.rename(name, newName);
        return Lxd.created(null, LxdUrls.alias(newName));
    }

    @DELETE
    @Path("/{name: .+}")
    public Response delete(@PathParam("name") String name, @QueryParam("project") String project) {
        Projects.require(project);
        registry.delete(name);
        return Lxd.sync(null);
    }

    private static Optional<String> ifMatch(HttpHeaders headers) {
        return Optional.ofNullable(headers.getHeaderString("If-Match"));
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object");
        }
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidRequestException(field + " must be a string");
        }
        return n.asText();
    }
}
