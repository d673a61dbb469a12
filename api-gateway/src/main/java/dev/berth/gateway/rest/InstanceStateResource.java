package dev.berth.gateway.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.InstanceStatePut;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.contracts.messaging.InstanceCommand.StateAction;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.InstanceOperations;

/** {@code /1.0/instances/{name}/state}. */
@Path("/1.0/instances/{name}/state")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceStateResource {
    /** LXD's default for {@code timeout: -1}. */
    private static final int DEFAULT_TIMEOUT = 30;

    @Inject
    ContainerServiceClient instances;
    @Inject
    InstanceOperations submitted;

    @GET
    public dev.berth.contracts.lxd.Response get(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        return dev.berth.contracts.lxd.Response.sync(instances.state(project, name).orElseThrow(
                () -> LxdException.notFound("Failed to fetch instance \"" + name + "\" in project \"" + project
                        + "\": Instance not found")));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    public Response change(@PathParam("name") String name, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        long received = Envelope.nowMicros();
        InstanceStatePut req = Bodies.parse(body, InstanceStatePut.class);
        StateAction action = action(req.action());
        int timeout = req.timeout() == null || req.timeout() < 0 ? DEFAULT_TIMEOUT : req.timeout();
        if (instances.find(project, name, false).isEmpty()) {
            throw LxdException.notFound("Failed to fetch instance \"" + name + "\" in project \"" + project
                    + "\": Instance not found");
        }
        InstanceRef ref = new InstanceRef(project, name);
        String description = switch (action) {
            case START -> "Starting instance";
            case STOP -> "Stopping instance";
            case RESTART -> "Restarting instance";
        };
        return Accepted
                .of(submitted.submit(description, ref, new InstanceCommand.ChangeInstanceState(name, action, timeout,
                        Boolean.TRUE.equals(req.force())), received));
    }

    private static StateAction action(String action) {
        if (action == null || action.isEmpty()) {
            throw LxdException.badRequest("Invalid action: action is required (start, stop or restart)");
        }
        return switch (action.toLowerCase(Locale.ROOT)) {
            case "start" -> StateAction.START;
            case "stop" -> StateAction.STOP;
            case "restart" -> StateAction.RESTART;
            case "freeze", "unfreeze" -> throw LxdException.badRequest("Invalid action \"" + action
                    + "\": freeze and unfreeze are not supported yet");
            default -> throw LxdException.badRequest("Invalid action \"" + action
                    + "\": must be start, stop or restart");
        };
    }
}
