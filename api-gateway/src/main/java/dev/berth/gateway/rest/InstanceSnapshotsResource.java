package dev.berth.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.InstanceSnapshot;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.InstanceOperations;

/** {@code /1.0/instances/{name}/snapshots}: stateless snapshots, listed, taken and deleted. */
@Path("/1.0/instances/{name}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceSnapshotsResource {
    private static final Pattern SNAP_N = Pattern.compile("snap(\\d+)");

    @Inject
    ContainerServiceClient instances;
    @Inject
    InstanceOperations submitted;

    @GET
    public dev.berth.contracts.lxd.Response list(@PathParam("name") String name,
            @QueryParam("recursion") @DefaultValue("0") int recursion,
            @QueryParam("project") @DefaultValue("default") String project) {
        List<InstanceSnapshot> all = existing(project, name);
        return dev.berth.contracts.lxd.Response.sync(recursion == 0
                ? all.stream().map(s -> "/1.0/instances/" + name + "/snapshots/" + s.name()).toList()
                : all);
    }

    @GET
    @Path("/{snapshot}")
    public dev.berth.contracts.lxd.Response get(@PathParam("name") String name,
            @PathParam("snapshot") String snapshot, @QueryParam("project") @DefaultValue("default") String project) {
        return dev.berth.contracts.lxd.Response.sync(existing(project, name).stream()
                .filter(s -> s.name().equals(snapshot)).findFirst().orElseThrow(() -> LxdException.notFound(
                        "Snapshot \"" + snapshot + "\" of instance \"" + name + "\" not found")));
    }

    /** Takes a snapshot; without a name it is {@code snapN}, one past the highest N, as LXD names them. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("name") String name, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        JsonNode req = Bodies.parse(body == null || body.isBlank() ? "{}" : body, JsonNode.class);
        if (req.path("stateful").asBoolean(false)) {
            throw LxdException.badRequest("Invalid stateful: stateful snapshots need CRIU, which Berth does not use"
                    + " yet; take a stateless one");
        }
        List<InstanceSnapshot> taken = existing(project, name);
        String snapshot = req.path("name").asText("");
        if (snapshot.isEmpty()) {
            snapshot = "snap" + (taken.stream().map(s -> SNAP_N.matcher(s.name())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(-1) + 1);
        }
        if (snapshot.contains("/") || snapshot.length() > 63 || snapshot.isBlank()) {
            throw LxdException.badRequest("Invalid snapshot name \"" + snapshot + "\"");
        }
        String chosen = snapshot;
        if (taken.stream().anyMatch(s -> s.name().equals(chosen))) {
            throw new LxdException(409, "Snapshot \"" + snapshot + "\" already exists");
        }
        return accepted(project, name, "Snapshotting instance", new InstanceCommand.SnapshotInstance(name, snapshot),
                Map.of("instances", List.of(new InstanceRef(project, name).url()), "instances_snapshots",
                        List.of(new InstanceRef(project, name).url() + "/snapshots/" + snapshot)));
    }

    /** Renames a snapshot ({@code {"name": "new"}}); migrating one is not supported. */
    @POST
    @Path("/{snapshot}")
    @Consumes(MediaType.WILDCARD)
    public Response rename(@PathParam("name") String name, @PathParam("snapshot") String snapshot, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        JsonNode req = Bodies.parse(body, JsonNode.class);
        if (req.path("migration").asBoolean(false)) {
            throw LxdException.badRequest("Invalid migration: snapshot migration is not supported; only a rename"
                    + " ({\"name\": \"new-name\"}) is");
        }
        String newSnapshot = req.path("name").isTextual() ? req.path("name").asText() : "";
        if (newSnapshot.isEmpty()) {
            throw LxdException.badRequest("Invalid name: the new snapshot name is required");
        }
        if (newSnapshot.contains("/") || newSnapshot.length() > 63 || newSnapshot.isBlank()) {
            throw LxdException.badRequest("Invalid snapshot name \"" + newSnapshot + "\"");
        }
        List<InstanceSnapshot> taken = existing(project, name);
        if (taken.stream().noneMatch(s -> s.name().equals(snapshot))) {
            throw LxdException.notFound("Snapshot \"" + snapshot + "\" of instance \"" + name + "\" not found");
        }
        if (taken.stream().anyMatch(s -> s.name().equals(newSnapshot))) {
            throw new LxdException(409, "Name \"" + newSnapshot + "\" already in use");
        }
        return accepted(project, name, "Renaming snapshot",
                new InstanceCommand.RenameSnapshot(name, snapshot, newSnapshot),
                Map.of("instances", List.of(new InstanceRef(project, name).url())));
    }

    @DELETE
    @Path("/{snapshot}")
    public Response delete(@PathParam("name") String name, @PathParam("snapshot") String snapshot,
            @QueryParam("project") @DefaultValue("default") String project) {
        if (existing(project, name).stream().noneMatch(s -> s.name().equals(snapshot))) {
            throw LxdException.notFound("Snapshot \"" + snapshot + "\" of instance \"" + name + "\" not found");
        }
        return accepted(project, name, "Deleting snapshot", new InstanceCommand.DeleteSnapshot(name, snapshot),
                Map.of("instances", List.of(new InstanceRef(project, name).url())));
    }

    private Response accepted(String project, String name, String description, InstanceCommand command,
            Map<String, List<String>> resources) {
        return Accepted.of(submitted.submit(description, new InstanceRef(project, name), resources, command,
                Envelope.nowMicros()));
    }

    private List<InstanceSnapshot> existing(String project, String name) {
        return instances.snapshots(project, name).orElseThrow(() -> LxdException.notFound(
                "Failed to fetch instance \"" + name + "\" in project \"" + project + "\": Instance not found"));
    }
}
