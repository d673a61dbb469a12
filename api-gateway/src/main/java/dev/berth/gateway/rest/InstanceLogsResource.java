package dev.berth.gateway.rest;

import java.io.InputStream;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.Instance;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.ExecutorClient;

/**
 * {@code /1.0/instances/{name}/logs}: the console's log ({@code console.log}, also {@code GET .../console}) and
 * under {@code exec-output} what execs with {@code record-output} wrote, all kept on the instance's node.
 */
@Path("/1.0/instances/{name}")
public class InstanceLogsResource {
    static final String CONSOLE_LOG = "console.log";

    @Inject
    ContainerServiceClient instances;
    @Inject
    ExecutorClient executor;

    @GET
    @Path("/logs")
    @Produces(MediaType.APPLICATION_JSON)
    public dev.berth.contracts.lxd.Response logs(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        existing(project, name);
        return dev.berth.contracts.lxd.Response.sync(List.of(new InstanceRef(project, name).url() + "/logs/"
                + CONSOLE_LOG));
    }

    @GET
    @Path("/logs/" + CONSOLE_LOG)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response consoleLogFile(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        return Response.ok(executor.consoleLog(instance.location(), new InstanceRef(project, name).containerId()),
                MediaType.APPLICATION_OCTET_STREAM).build();
    }

    @GET
    @Path("/logs/exec-output")
    @Produces(MediaType.APPLICATION_JSON)
    public dev.berth.contracts.lxd.Response list(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        InstanceRef ref = new InstanceRef(project, name);
        List<String> urls = executor.outputs(instance.location(), ref.containerId()).stream()
                .map(f -> ref.url() + "/logs/exec-output/" + f).toList();
        return dev.berth.contracts.lxd.Response.sync(urls);
    }

    @GET
    @Path("/logs/exec-output/{file}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response get(@PathParam("name") String name, @PathParam("file") String file,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        InputStream body = executor.output(instance.location(), new InstanceRef(project, name).containerId(), file)
                .orElseThrow(() -> LxdException.notFound("Log file \"" + file + "\" not found"));
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "inline;filename=" + file).build();
    }

    @DELETE
    @Path("/logs/exec-output/{file}")
    @Produces(MediaType.APPLICATION_JSON)
    public dev.berth.contracts.lxd.Response delete(@PathParam("name") String name, @PathParam("file") String file,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name);
        if (!executor.deleteOutput(instance.location(), new InstanceRef(project, name).containerId(), file)) {
            throw LxdException.notFound("Log file \"" + file + "\" not found");
        }
        return dev.berth.contracts.lxd.Response.sync(null);
    }

    private Instance existing(String project, String name) {
        return instances.find(project, name, false).orElseThrow(() -> LxdException.notFound(
                "Failed to fetch instance \"" + name + "\" in project \"" + project + "\": Instance not found"));
    }
}
