package dev.berth.network.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import dev.berth.network.repository.NetworkRepository;
import dev.berth.support.jdbc.Tx;

/** {@code GET /internal/ready}: 200 once the schema is migrated and the database answers. */
@Path("/internal/ready")
public class ReadyResource {

    @Inject
    Tx tx;
    @Inject
    NetworkRepository networks;

    @GET
    public Response ready() {
        tx.run(networks::answers);
        return Response.ok("ready").build();
    }
}
