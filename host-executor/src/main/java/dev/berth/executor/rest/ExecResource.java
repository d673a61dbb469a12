package dev.berth.executor.rest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.Json;
import dev.berth.contracts.exec.ExecStart;
import dev.berth.executor.exec.ExecRefused;
import dev.berth.executor.exec.ExecSessions;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /internal/exec} starts an exec session for the gateway; {@code /internal/containers/{id}/exec-output}
 * serves what record-output mode kept.
 */
@Path("/internal")
public class ExecResource {
    private static final String OUTPUT_NAME = "exec_[A-Za-z0-9-]+\\.(stdout|stderr)";

    @Inject
    ExecSessions sessions;

    @POST
    @Path("/exec")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response open(String body) {
        try {
            sessions.open(Json.read(body, ExecStart.class));
            return Response.status(201).entity("{}").build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (ExecRefused e) {
            return error(e.code(), e.getMessage());
        }
    }

    @GET
    @Path("/containers/{containerId}/exec-output")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("containerId") String containerId) throws IOException {
        java.nio.file.Path dir = outputDir(containerId);
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<java.nio.file.Path> files = Files.newDirectoryStream(dir)) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            }
        }
        names.sort(null);
        return Response.ok(Json.write(names)).build();
    }

    @GET
    @Path("/containers/{containerId}/exec-output/{file}")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response get(@PathParam("containerId") String containerId, @PathParam("file") String file) {
        java.nio.file.Path path = output(containerId, file);
        if (path == null || !Files.isRegularFile(path)) {
            return error(404, "Log file not found");
        }
        return Response.ok(path.toFile()).build();
    }

    @DELETE
    @Path("/containers/{containerId}/exec-output/{file}")
    @Blocking
    public Response delete(@PathParam("containerId") String containerId, @PathParam("file") String file)
            throws IOException {
        java.nio.file.Path path = output(containerId, file);
        if (path == null || !Files.deleteIfExists(path)) {
            return error(404, "Log file not found");
        }
        return Response.ok("{}").build();
    }

    private java.nio.file.Path outputDir(String containerId) {
        if (!containerId.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return sessions.outputDir(containerId);
    }

    /** Only names record-output mode writes, so no path can leave the directory. */
    private java.nio.file.Path output(String containerId, String file) {
        return file.matches(OUTPUT_NAME) ? outputDir(containerId).resolve(file) : null;
    }

    private static Response error(int code, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON).entity(Json.write(Map.of("error", message)))
                .build();
    }
}
