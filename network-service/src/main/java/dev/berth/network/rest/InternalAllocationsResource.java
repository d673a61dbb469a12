package dev.berth.network.rest;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.Json;
import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.network.service.Ipam;
import dev.berth.network.service.Refusal;

/**
 * IPAM for container-service (not forwarded by the gateway): {@code POST /internal/networks/{name}/allocations} gives
 * a NIC its address; {@code POST /internal/allocations/rename} moves an instance's to its new name; {@code DELETE /internal/allocations?project=&instance=[&device=]} releases them. Refusals come
 * as LXD error envelopes naming the NIC option at fault.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalAllocationsResource {

    @Inject
    Ipam ipam;

    @POST
    @Path("/networks/{name}/allocations")
    @Consumes(MediaType.WILDCARD)
    public Allocation allocate(@PathParam("name") String network, String body) {
        AllocationRequest req;
        try {
            req = Json.read(body == null || body.isBlank() ? "{}" : body, AllocationRequest.class);
        } catch (RuntimeException e) {
            throw new Refusal(400, "Invalid request body: " + e.getMessage());
        }
        return ipam.allocate(network, req);
    }

    /** An instance was renamed: its addresses follow ({@code POST /internal/allocations/rename?project=&instance=&to=}). */
    @POST
    @Path("/allocations/rename")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Integer> rename(@QueryParam("project") String project, @QueryParam("instance") String instance,
            @QueryParam("to") String to) {
        return Map.of("renamed", ipam.rename(project, instance, to).size());
    }

    @DELETE
    @Path("/allocations")
    public Map<String, Integer> release(@QueryParam("project") String project,
            @QueryParam("instance") String instance, @QueryParam("device") String device) {
        return Map.of("released", ipam.release(project, instance, device).size());
    }
}
