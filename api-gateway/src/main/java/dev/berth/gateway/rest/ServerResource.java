package dev.berth.gateway.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.Response;
import dev.berth.gateway.service.ServerInfo;
import dev.berth.gateway.trust.Peer;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /} and {@code GET /1.0}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {

    @Inject
    ServerInfo server;

    @GET
    public Response root() {
        return Response.sync(List.of("/1.0"));
    }

    @GET
    @Path("/1.0")
    public Response info(@Context RoutingContext ctx) {
        return Response.sync(server.describe(Peer.of(ctx)));
    }
}
