package dev.berth.executor.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayList;

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
import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.executor.exec.ConsoleLog;
import dev.berth.executor.exec.ExecSessions;
import dev.berth.executor.service.StatsReader;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code /internal/containers}: {@code GET {id}/stats} live figures (status "absent" for unknown containers), {@code POST
 * stats} the same for a list of containers, {@code {id}/exec-output} what record-output execs kept and
 * {@code {id}/console-log} the console's output. One class, since RESTEasy picks a class by its path before it looks
 * at methods.
 */
@Path("/internal/containers")
public class ContainersResource {
    private static final String OUTPUT_NAME = "exec_[A-Za-z0-9-]+\\.(stdout|stderr)";

    @Inject
    StatsReader stats;
    @Inject
    dev.berth.executor.service.ContainerManager containers;
    @Inject
    ExecSessions sessions;
    @Inject
    dev.berth.executor.config.ExecutorPaths paths;

    @GET
    @Path("/{containerId}/stats")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerStats get(@PathParam("containerId") String containerId) {
        return read(containerId);
    }

    /** The figures of many containers at once (a listing with state), read in parallel, by container id. */
    @POST
    @Path("/stats")
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
    @GET
    @Path("/{containerId}/exec-output")
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
    @Path("/{containerId}/exec-output/{file}")
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
    @Path("/{containerId}/exec-output/{file}")
    @Blocking
    public Response delete(@PathParam("containerId") String containerId, @PathParam("file") String file)
            throws IOException {
        java.nio.file.Path path = output(containerId, file);
        if (path == null || !Files.deleteIfExists(path)) {
            return error(404, "Log file not found");
        }
        return Response.ok("{}").build();
    }

    /** The console's text (conmon's log of the init's output); empty when the container never ran. */
    @GET
    @Path("/{containerId}/console-log")
    @Blocking
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response console(@PathParam("containerId") String containerId) {
        java.nio.file.Path log = consoleLog(containerId);
        jakarta.ws.rs.core.StreamingOutput body = out -> ConsoleLog.copyText(log, out);
        return Response.ok(body).build();
    }

    @DELETE
    @Path("/{containerId}/console-log")
    @Blocking
    public Response clearConsole(@PathParam("containerId") String containerId) throws IOException {
        ConsoleLog.clear(consoleLog(containerId));
        return Response.ok("{}").build();
    }

    private java.nio.file.Path consoleLog(String containerId) {
        if (!containerId.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return paths.container(containerId).consoleLog();
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
