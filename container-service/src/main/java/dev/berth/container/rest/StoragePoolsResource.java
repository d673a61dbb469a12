package dev.berth.container.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.container.messaging.OutboxPublisher;
import dev.berth.container.service.ProfileService.Refusal;
import dev.berth.container.service.StoragePoolService;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.StoragePool;
import dev.berth.contracts.lxd.StoragePoolsPost;

/**
 * {@code /1.0/storage-pools} in LXD's shape (the gateway forwards it unchanged): the built-in overlay pool
 * {@code default} plus dir and btrfs pools made on request; every answer is synchronous, as in LXD.
 */
@Path("/1.0/storage-pools")
@Produces(MediaType.APPLICATION_JSON)
public class StoragePoolsResource {
    private static final String PREFIX = "/1.0/storage-pools/";

    @Inject
    StoragePoolService service;
    @Inject
    OutboxPublisher publisher;

    @GET
    public dev.berth.contracts.lxd.Response list(@QueryParam("recursion") @DefaultValue("0") int recursion) {
        List<StoragePool> all = service.list();
        return dev.berth.contracts.lxd.Response.sync(recursion == 0
                ? all.stream().map(p -> PREFIX + p.name()).toList()
                : all);
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name) {
        StoragePool pool = service.get(name);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(pool))
                .header("ETag", "\"" + Integer.toHexString(Json.write(pool).hashCode()) + "\"").build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) {
        StoragePoolsPost req = parse(body);
        service.create(req, publisher::publish);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(null)).header("Location", PREFIX + req.name())
                .build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response put(@PathParam("name") String name, String body) {
        service.update(name, parse(body), false);
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    @PATCH
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response patch(@PathParam("name") String name, String body) {
        service.update(name, parse(body), true);
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    @DELETE
    @Path("/{name}")
    public dev.berth.contracts.lxd.Response delete(@PathParam("name") String name) {
        service.delete(name, publisher::publish);
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    private static StoragePoolsPost parse(String body) {
        try {
            return Json.read(body == null || body.isBlank() ? "{}" : body, StoragePoolsPost.class);
        } catch (RuntimeException e) {
            throw new Refusal(400, "Invalid request body: " + e.getMessage());
        }
    }
}
