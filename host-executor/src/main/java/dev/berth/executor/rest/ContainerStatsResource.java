package dev.berth.executor.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.executor.service.StatsReader;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code GET /internal/containers/{containerId}/stats}: live figures, status "absent" for unknown containers; {@code POST
 * /internal/containers/stats} the same for a list of containers.
 */
@Path("/")
public class ContainerStatsResource {

    @Inject
    StatsReader stats;
    @Inject
    dev.berth.executor.service.ContainerManager containers;

    @GET
    @Path("/internal/containers/{containerId}/stats")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerStats get(@PathParam("containerId") String containerId) {
        return read(containerId);
    }

    /** The figures of many containers at once (a listing with state), read in parallel, by container id. */
    @POST
    @Path("/internal/containers/stats")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, ContainerStats> all(List<String> containerIds) {
        Map<String, ContainerStats> out = new ConcurrentHashMap<>();
        containerIds.parallelStream().distinct().forEach(id -> out.put(id, read(id)));
        return out;
    }

    private ContainerStats read(String containerId) {
        if (!containerId.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            return new ContainerStats("absent", 0, 0, 0, 0, 0, 0);
        }
        ContainerStats live = stats.read(containerId);
        if (!live.status().equals("running")) {
            return live;
        }
        return live.withNetwork(containers.networkState(containers.layout(containerId)));
    }
}
