package dev.berth.network.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.Response;
import dev.berth.network.service.NetworkService;

/** {@code GET /1.0/networks/{name}/leases}: the addresses IPAM holds, static or dynamic as recorded. */
@Path("/1.0/networks/{name}/leases")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkLeasesResource {

    @Inject
    NetworkService service;

    @GET
    public Response leases(@PathParam("name") String name) {
        return Response.sync(service.leases(name));
    }
}
