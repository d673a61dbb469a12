package dev.berth.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.exec.ConsoleStart;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceConsolePost;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.ExecutorClient;
import dev.berth.gateway.service.Operations;

/**
 * {@code /1.0/instances/{name}/console}: {@code POST} attaches to the init's console, a {@code websocket} operation
 * with fds {@code 0} (the console's bytes) and {@code control} ({@code window-resize}), attached through
 * {@code /1.0/operations/{id}/websocket} as an exec's are; {@code GET} is what the console printed, {@code DELETE}
 * clears that log.
 */
@Path("/1.0/instances/{name}/console")
public class InstanceConsoleResource {

    @Inject
    ContainerServiceClient instances;
    @Inject
    ExecutorClient executor;
    @Inject
    Operations operations;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response attach(@PathParam("name") String name, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        InstanceConsolePost req = body == null || body.isBlank()
                ? new InstanceConsolePost(null, null, null, null)
                : Bodies.parse(body, InstanceConsolePost.class);
        String type = req.type() == null || req.type().isEmpty() ? "console" : req.type();
        if (type.equals("vga")) {
            throw LxdException.badRequest("Invalid type: VGA consoles are only supported by virtual machines");
        }
        if (!type.equals("console")) {
            throw LxdException.badRequest("Invalid type: unknown console type \"" + type + "\"");
        }
        int width = req.width() == null ? 0 : req.width();
        int height = req.height() == null ? 0 : req.height();
        if (width < 0 || height < 0) {
            throw LxdException.badRequest("Invalid " + (width < 0 ? "width" : "height") + ": must not be negative");
        }
        Instance instance = existing(project, name);
        if (!"Running".equals(instance.status())) {
            throw LxdException.badRequest("Instance is not running");
        }
        InstanceRef ref = new InstanceRef(project, name);
        Map<String, String> fds = new LinkedHashMap<>();
        ConsoleStart.FDS.forEach(fd -> fds.put(fd, Secrets.next()));
        Operation op = operations.start("websocket", "Showing console", project,
                Map.of("instances", List.of(ref.url())), Map.of("fds", fds));
        try {
            executor.openConsole(instance.location(), new ConsoleStart(op.id(), project, ref.containerId(), width,
                    height));
        } catch (LxdException e) {
            operations.finish(op.id(), StatusCode.FAILURE, e.getMessage(), Map.of("error_code", e.code()));
            throw e;
        }
        return Accepted.of(op);
    }

    /** {@code lxc console --show-log}: the text the instance's init wrote to its console. */
    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response log(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        return Response.ok(executor.consoleLog(instance.location(), new InstanceRef(project, name).containerId()),
                MediaType.APPLICATION_OCTET_STREAM).build();
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public dev.berth.contracts.lxd.Response clearLog(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        executor.clearConsoleLog(instance.location(), new InstanceRef(project, name).containerId());
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    private Instance existing(String project, String name) {
        return instances.find(project, name, false).orElseThrow(() -> LxdException.notFound(
                "Failed to fetch instance \"" + name + "\" in project \"" + project + "\": Instance not found"));
    }
}
