package dev.berth.image.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.berth.image.service.Readiness;

/** {@code GET /internal/ready}: 200 once the schema is migrated and the built-in image is registered. */
@Path("/internal/ready")
@Produces(MediaType.APPLICATION_JSON)
public class ReadyResource {

    /** The body of a ready answer. */
    public record Ready(String status, @JsonProperty("builtin_fingerprint") String builtinFingerprint) {
    }

    @Inject
    Readiness readiness;

    @GET
    public Response ready() {
        if (readiness.isReady()) {
            return Response.ok(new Ready("ready", readiness.builtinFingerprint().orElseThrow())).build();
        }
        return Lxd.error(503, readiness.problem().orElse("not ready"));
    }
}
