package dev.berth.container.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.berth.container.messaging.OutboxPublisher;
import dev.berth.container.service.ProfileService;
import dev.berth.container.service.ProfileService.Refusal;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.ProfilesPost;

/** {@code /1.0/profiles}, in LXD's shape (the gateway forwards it unchanged); every answer is synchronous. */
@Path("/1.0/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfilesResource {
    private static final String PREFIX = "/1.0/profiles/";

    @Inject
    ProfileService service;
    @Inject
    OutboxPublisher publisher;

    @GET
    public dev.berth.contracts.lxd.Response list(@QueryParam("recursion") @DefaultValue("0") int recursion) {
        List<Profile> all = service.list();
        return dev.berth.contracts.lxd.Response.sync(recursion == 0
                ? all.stream().map(p -> PREFIX + p.name()).toList()
                : all);
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name) {
        Profile p = service.get(name);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(p)).header("ETag", etag(p)).build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) {
        ProfilesPost req = parse(body);
        service.create(req);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(null)).header("Location", PREFIX + req.name())
                .build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response put(@PathParam("name") String name, String body,
            @HeaderParam("If-Match") String ifMatch) {
        return update(name, body, ifMatch, false);
    }

    @PATCH
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response patch(@PathParam("name") String name, String body,
            @HeaderParam("If-Match") String ifMatch) {
        return update(name, body, ifMatch, true);
    }

    /** Rename: the body carries only the new name. */
    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response rename(@PathParam("name") String name, String body) {
        ProfilesPost req = parse(body);
        service.rename(name, req.name());
        return Response.ok(dev.berth.contracts.lxd.Response.sync(null)).header("Location", PREFIX + req.name())
                .build();
    }

    @DELETE
    @Path("/{name}")
    public dev.berth.contracts.lxd.Response delete(@PathParam("name") String name) {
        service.delete(name);
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    private dev.berth.contracts.lxd.Response update(String name, String body, String ifMatch, boolean merge) {
        ProfilesPost req = parse(body);
        if (ifMatch != null && !ifMatch.isBlank()) {
            String expected = etag(service.get(name));
            String given = ifMatch.strip().replace("\"", "");
            if (!given.equals(expected)) {
                throw new Refusal(412, "ETag doesn't match: " + given + " vs " + expected);
            }
        }
        publisher.publish(service.update(name, req, merge));
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    /** LXD tags a profile by its writable fields. */
    static String etag(Profile p) {
        String fields = Json.write(List.of(String.valueOf(p.description()),
                new java.util.TreeMap<>(p.config()), new java.util.TreeMap<>(p.devices())));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(fields.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProfilesPost parse(String body) {
        try {
            return Json.MAPPER.readValue(body == null || body.isBlank() ? "{}" : body, ProfilesPost.class);
        } catch (java.io.IOException e) {
            throw new Refusal(400, "Invalid JSON: " + e.getMessage());
        }
    }

    /** Refusals become LXD error envelopes. */
    @Provider
    public static class ErrorMapper implements ExceptionMapper<Refusal> {
        @Override
        public Response toResponse(Refusal e) {
            return Response.status(e.code()).type(MediaType.APPLICATION_JSON)
                    .entity(dev.berth.contracts.lxd.Response.error(e.code(), e.getMessage())).build();
        }
    }
}
