package dev.berth.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.exec.ExecStart;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceExecPost;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.ExecutorClient;
import dev.berth.gateway.service.Operations;

/**
 * {@code POST /1.0/instances/{name}/exec}: a {@code websocket} operation whose fds the client attaches through
 * {@code /1.0/operations/{id}/websocket}, or a {@code task} that runs at once (its output recorded or dropped). The
 * command runs on the instance's node; its exit code arrives as the operation's {@code return}.
 */
@Path("/1.0/instances/{name}/exec")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceExecResource {
    @Inject
    ContainerServiceClient instances;
    @Inject
    ExecutorClient executor;
    @Inject
    Operations operations;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response exec(@PathParam("name") String name, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        long received = dev.berth.contracts.messaging.Envelope.nowMicros();
        InstanceExecPost req = Bodies.parse(body, InstanceExecPost.class);
        if (req.command() == null || req.command().isEmpty() || req.command().get(0) == null
                || req.command().get(0).isEmpty()) {
            throw LxdException.badRequest("Invalid command: it must name a program to run");
        }
        if (req.command().contains(null)) {
            throw LxdException.badRequest("Invalid command: an argument is null");
        }
        boolean websockets = Boolean.TRUE.equals(req.waitForWebsocket());
        boolean record = Boolean.TRUE.equals(req.recordOutput());
        boolean interactive = Boolean.TRUE.equals(req.interactive());
        if (websockets && record) {
            throw LxdException.badRequest("Invalid record-output: it cannot be combined with wait-for-websocket");
        }
        int uid = req.user() == null ? 0 : req.user();
        int gid = req.group() == null ? 0 : req.group();
        if (uid < 0 || gid < 0) {
            throw LxdException.badRequest("Invalid " + (uid < 0 ? "user" : "group") + ": must not be negative");
        }
        Instance instance = instances.find(project, name, false).orElseThrow(() -> LxdException.notFound(
                "Failed to fetch instance \"" + name + "\" in project \"" + project + "\": Instance not found"));
        if (!"Running".equals(instance.status())) {
            throw LxdException.badRequest("Instance is not running");
        }
        InstanceRef ref = new InstanceRef(project, name);
        Map<String, String> environment = ExecStart.environment(req.environment(), uid);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("command", req.command());
        metadata.put("environment", environment);
        if (websockets) {
            Map<String, String> fds = new LinkedHashMap<>();
            ExecStart.fds(true, interactive).forEach(fd -> fds.put(fd, Secrets.next()));
            metadata.put("fds", fds);
        }
        metadata.put("interactive", interactive);
        Operation op = operations.start(websockets ? "websocket" : "task", "Executing command", project,
                Map.of("instances", List.of(ref.url())), metadata);
        Map<String, Long> trace = new LinkedHashMap<>();
        trace.put("gateway.received", received);
        trace.put("gateway.op_recorded", dev.berth.contracts.messaging.Envelope.nowMicros());
        ExecStart start = new ExecStart(op.id(), project, ref.containerId(), req.command(), environment, req.cwd(),
                uid, gid, interactive, req.width() == null ? 80 : req.width(), req.height() == null
                        ? 25
                        : req.height(),
                websockets, record, trace);
        try {
            executor.open(instance.location(), start);
        } catch (LxdException e) {
            operations.finish(op.id(), StatusCode.FAILURE, e.getMessage(), Map.of("error_code", e.code()));
            throw e;
        }
        return Accepted.of(op);
    }
}
