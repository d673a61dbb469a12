package dev.berth.network.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.Response;
import dev.berth.network.service.NetworkService;

/** {@code GET /1.0/networks/{name}/state}: the bridge's addresses and counters as the host reports them. */
@Path("/1.0/networks/{name}/state")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkStateResource {

    @Inject
    NetworkService service;

    @GET
    public Response state(@PathParam("name") String name) {
        return Response.sync(service.state(name));
    }
}
