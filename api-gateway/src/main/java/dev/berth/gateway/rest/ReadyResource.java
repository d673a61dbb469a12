package dev.berth.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import dev.berth.support.kafka.KafkaReadiness;

/** {@code GET /internal/ready}: 200 once operation completions and the event stream can be received. */
@Path("/internal/ready")
public class ReadyResource {

    @Inject
    KafkaReadiness kafka;

    @GET
    public Response ready() {
        return kafka.assigned("operation-events", "event-stream")
                ? Response.ok("ready").build()
                : Response.status(503).entity("waiting for Kafka partition assignment").build();
    }
}
