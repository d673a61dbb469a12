package dev.berth.executor.rest;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.Json;
import dev.berth.contracts.exec.ConsoleStart;
import dev.berth.executor.exec.ConsoleSessions;
import dev.berth.executor.exec.ExecRefused;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /internal/console} readies a console attach for the gateway; its fds then attach through
 * {@code /internal/exec/{operation}/{fd}} as an exec's do.
 */
@Path("/internal/console")
public class ConsoleResource {
    @Inject
    ConsoleSessions sessions;

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response open(String body) {
        try {
            sessions.open(Json.read(body, ConsoleStart.class));
            return Response.status(201).entity("{}").build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (ExecRefused e) {
            return error(e.code(), e.getMessage());
        }
    }

    private static Response error(int code, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON).entity(Json.write(Map.of("error", message)))
                .build();
    }
}
