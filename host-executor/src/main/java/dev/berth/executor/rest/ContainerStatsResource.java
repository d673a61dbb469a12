package dev.berth.executor.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.executor.service.StatsReader;
import io.smallrye.common.annotation.Blocking;

/** {@code GET /internal/containers/{containerId}/stats}: live figures, status "absent" for unknown containers. */
@Path("/internal/containers/{containerId}/stats")
public class ContainerStatsResource {

    @Inject
    StatsReader stats;
    @Inject
    dev.berth.executor.service.ContainerManager containers;

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerStats get(@PathParam("containerId") String containerId) {
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
