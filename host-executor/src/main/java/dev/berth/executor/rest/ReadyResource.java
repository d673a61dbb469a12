package dev.berth.executor.rest;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.executor.config.ExecutorStartup;
import dev.berth.support.kafka.KafkaReadiness;

/** {@code GET /internal/ready}: 200 once startup reconciliation is done and the command consumer has partitions. */
@Path("/internal/ready")
public class ReadyResource {

    @Inject
    ExecutorStartup startup;

    @Inject
    KafkaReadiness kafka;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        boolean started = startup.started();
        boolean consuming = started && kafka.assigned("host-commands");
        Map<String, Object> body = Map.of("started", started, "consuming", consuming);
        return Response.status(started && consuming ? 200 : 503).entity(body).build();
    }
}
