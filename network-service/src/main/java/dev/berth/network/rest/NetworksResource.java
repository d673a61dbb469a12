package dev.berth.network.rest;

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

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Network;
import dev.berth.contracts.lxd.NetworksPost;
import dev.berth.network.messaging.OutboxPublisher;
import dev.berth.network.service.NetworkService;
import dev.berth.network.service.Refusal;

/**
 * {@code /1.0/networks} in LXD's shape (the gateway forwards it unchanged): managed bridges, every answer synchronous
 * as in LXD, with an ETag on GET and {@code If-Match} honoured by PUT and PATCH.
 */
@Path("/1.0/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworksResource {
    static final String PREFIX = "/1.0/networks/";

    @Inject
    NetworkService service;
    @Inject
    OutboxPublisher publisher;

    @GET
    public dev.berth.contracts.lxd.Response list(@QueryParam("recursion") @DefaultValue("0") int recursion) {
        List<Network> all = service.list();
        return dev.berth.contracts.lxd.Response.sync(recursion == 0
                ? all.stream().map(n -> PREFIX + n.name()).toList()
                : all);
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name) {
        Network n = service.get(name);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(n))
                .header("ETag", "\"" + NetworkService.etag(n) + "\"").build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) {
        NetworksPost req = parse(body);
        publisher.publish(service.create(req));
        return Response.ok(dev.berth.contracts.lxd.Response.sync(null)).header("Location", PREFIX + req.name())
                .build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response put(@PathParam("name") String name, String body,
            @HeaderParam("If-Match") String ifMatch) {
        publisher.publish(service.update(name, parse(body), false, ifMatch));
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    @PATCH
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response patch(@PathParam("name") String name, String body,
            @HeaderParam("If-Match") String ifMatch) {
        publisher.publish(service.update(name, parse(body), true, ifMatch));
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    /** Rename: the body carries only the new name. */
    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response rename(@PathParam("name") String name, String body) {
        NetworksPost req = parse(body);
        publisher.publish(service.rename(name, req.name()));
        return Response.ok(dev.berth.contracts.lxd.Response.sync(null)).header("Location", PREFIX + req.name())
                .build();
    }

    @DELETE
    @Path("/{name}")
    public dev.berth.contracts.lxd.Response delete(@PathParam("name") String name) {
        publisher.publish(service.delete(name));
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    static NetworksPost parse(String body) {
        try {
            return Json.read(body == null || body.isBlank() ? "{}" : body, NetworksPost.class);
        } catch (RuntimeException e) {
            throw new Refusal(400, "Invalid request body: " + e.getMessage());
        }
    }
}
