package dev.berth.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.contracts.InstanceNames;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstancePut;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.gateway.trust.Pem;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.InstanceOperations;
import dev.berth.gateway.service.InstanceUpdates;
import dev.berth.gateway.service.SettingsCheck;

/** {@code /1.0/instances} and {@code /1.0/instances/{name}}. */
@Path("/1.0/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {

    @Inject
    ContainerServiceClient instances;
    @Inject
    SettingsCheck settings;
    @Inject
    InstanceOperations submitted;

    /** A sync envelope up to its metadata, which a pass-through listing completes with the array and a '}'. */
    private static final byte[] SYNC_HEAD = syncHead();

    @GET
    public Response list(@QueryParam("recursion") @DefaultValue("0") int recursion,
            @QueryParam("project") @DefaultValue("default") String project, @QueryParam("filter") String filter,
            io.vertx.ext.web.RoutingContext routing) {
        dev.berth.gateway.service.InstanceFilter matching = dev.berth.gateway.service.InstanceFilter.parse(filter);
        if (recursion >= 1 && matching.matchesAll()) {
            // every instance as container-service renders it: its JSON array goes out as it came
            byte[] array = instances.listJson(project, recursion >= 2);
            byte[] body = java.util.Arrays.copyOf(SYNC_HEAD, SYNC_HEAD.length + array.length + 1);
            System.arraycopy(array, 0, body, SYNC_HEAD.length, array.length);
            body[body.length - 1] = '}';
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }
        boolean byState = filter != null && filter.contains("state.");
        List<Instance> all = instances.list(project, recursion >= 2 || byState).stream()
                .filter(i -> matching.matchesAll() || matching.matches(dev.berth.contracts.Json.MAPPER.valueToTree(i)))
                .map(i -> recursion >= 2 || !byState ? i : i.withState(null)).toList();
        // through the /1.0/containers alias the URLs name the alias, as LXD's list does
        String collection = "/1.0/" + dev.berth.gateway.proxy.LegacyAliases.collection(routing) + "/";
        Object metadata = recursion == 0 ? all.stream().map(i -> collection + i.name()).toList() : all;
        return Response.ok(dev.berth.contracts.lxd.Response.sync(metadata), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static byte[] syncHead() {
        String empty = dev.berth.contracts.Json.write(dev.berth.contracts.lxd.Response.sync(null));
        if (!empty.endsWith("\"metadata\":null}")) {
            throw new IllegalStateException("the sync envelope does not end with its metadata: " + empty);
        }
        return empty.substring(0, empty.length() - "null}".length())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body, @QueryParam("project") @DefaultValue("default") String project) {
        long received = Envelope.nowMicros();
        InstancesPost req = Bodies.parse(body, InstancesPost.class);
        String name = req.name() == null || req.name().isEmpty()
                ? "berth-" + UUID.randomUUID().toString()
                        .substring(0, 8)
                : req.name();
        InstanceNames.problem(name).ifPresent(p -> {
            throw LxdException.badRequest(p);
        });
        if (req.source() != null && "copy".equals(req.source().type())) {
            return copy(project, name, req.source(), received);
        }
        List<String> profiles = req.profiles() == null ? List.of("default") : req.profiles();
        Map<String, Map<String, String>> devices = req.devices() == null ? Map.of() : req.devices();
        InstanceCommand.CreateInstance command = new InstanceCommand.CreateInstance(name, validSource(req),
                req.config() == null ? Map.of() : req.config(), Boolean.TRUE.equals(req.start()), profiles, devices);
        if (req.type() != null && !req.type().isEmpty() && !req.type().equals("container")) {
            throw LxdException
                    .badRequest("Invalid instance type \"" + req.type() + "\": only \"container\" is supported");
        }
        // the name is looked up while the profiles are read for the check (two calls to container-service at once)
        CompletableFuture<Optional<Instance>> existing = instances.findAsync(project, name);
        try {
            settings.check(command.config(), devices, profiles);
        } catch (RuntimeException e) {
            existing.cancel(false);
            throw e;
        }
        if (ContainerServiceClient.await(existing).isPresent()) {
            throw new LxdException(409, "Instance \"" + name + "\" already exists");
        }
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted.of(submitted.submit("Creating instance", ref, command, received));
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name, @QueryParam("recursion") @DefaultValue("0") int recursion,
            @QueryParam("project") @DefaultValue("default") String project) {
        Instance instance = existing(project, name, recursion >= 1);
        return Response.ok(dev.berth.contracts.lxd.Response.sync(instance))
                .header("ETag", InstanceUpdates.etag(instance)).build();
    }

    /** Replaces the instance's writable fields; limits apply live to a running instance. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("name") String name, String body, @HeaderParam("If-Match") String ifMatch,
            @QueryParam("project") @DefaultValue("default") String project) {
        return update(project, name, body, ifMatch, false);
    }

    /** Merges into the instance's writable fields: keys not in the body stay, an empty value removes one. */
    @PATCH
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@PathParam("name") String name, String body, @HeaderParam("If-Match") String ifMatch,
            @QueryParam("project") @DefaultValue("default") String project) {
        return update(project, name, body, ifMatch, true);
    }

    private Response update(String project, String name, String body, String ifMatch, boolean merge) {
        long received = Envelope.nowMicros();
        InstancePut req = Bodies.parse(body, InstancePut.class);
        Instance current = existing(project, name, false);
        if (ifMatch != null && !ifMatch.isBlank()) {
            String expected = InstanceUpdates.etag(current);
            String given = ifMatch.strip().replace("\"", "");
            if (!given.equals(expected)) {
                throw new LxdException(412, "ETag doesn't match: " + given + " vs " + expected);
            }
        }
        if (req.restore() != null && !req.restore().isEmpty()) {
            return restore(project, name, req.restore(), received);
        }
        // A field the body leaves out stays as it is, for PUT as for PATCH.
        Map<String, String> config = merge || req.config() == null
                ? InstanceUpdates.merge(current.config(), req.config())
                : InstanceUpdates.replace(current.config(), req.config());
        Map<String, Map<String, String>> devices = merge || req.devices() == null
                ? InstanceUpdates.mergeDevices(current.devices(), req.devices())
                : req.devices();
        List<String> profiles = req.profiles() != null ? req.profiles() : current.profiles();
        settings.check(config, devices, profiles);
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted.of(submitted.submit("Updating instance", ref,
                new InstanceCommand.UpdateInstance(name, config, devices, profiles), received));
    }

    /**
     * {@code source.source} is {@code instance} or {@code instance/snapshot}; the copy is made stopped, and a copy of an
     * instance carries its snapshots unless {@code source.instance_only}.
     */
    private Response copy(String project, String name, InstancesPost.InstanceSource source, long received) {
        String from = source.source() == null ? "" : source.source();
        if (from.isEmpty()) {
            throw LxdException.badRequest("Invalid source: source.source names the instance to copy");
        }
        String[] parts = from.split("/", 2);
        String snapshot = parts.length == 2 ? parts[1] : null;
        List<dev.berth.contracts.lxd.InstanceSnapshot> snaps = instances.snapshots(project, parts[0])
                .orElseThrow(() -> LxdException.notFound("Instance \"" + parts[0] + "\" not found"));
        if (snapshot != null && snaps.stream().noneMatch(s -> s.name().equals(snapshot))) {
            throw LxdException.notFound("Snapshot \"" + snapshot + "\" of instance \"" + parts[0] + "\" not found");
        }
        if (instances.find(project, name, false).isPresent()) {
            throw new LxdException(409, "Instance \"" + name + "\" already exists");
        }
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted.of(submitted.submit("Creating instance", ref,
                new InstanceCommand.CopyInstance(name, parts[0], snapshot, Boolean.TRUE.equals(source.instanceOnly())),
                received));
    }

    /** {@code restore} names a snapshot, bare or as {@code instance/snapshot} (what {@code lxc restore} sends). */
    private Response restore(String project, String name, String restore, long received) {
        String snapshot = restore.startsWith(name + "/") ? restore.substring(name.length() + 1) : restore;
        boolean known = instances.snapshots(project, name).orElse(List.of()).stream()
                .anyMatch(s -> s.name().equals(snapshot));
        if (!known) {
            throw LxdException.notFound("Snapshot \"" + snapshot + "\" of instance \"" + name + "\" not found");
        }
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted.of(submitted.submit("Restoring snapshot", ref,
                new InstanceCommand.RestoreInstance(name, snapshot), received));
    }

    /**
     * Renames a stopped instance ({@code {"name": "new"}}, what {@code lxc move} and {@code incus rename} send). Migration
     * and moves to another pool, project or cluster member are not supported: a 400 naming the field.
     */
    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response rename(@PathParam("name") String name, String body,
            @QueryParam("project") @DefaultValue("default") String project) {
        long received = Envelope.nowMicros();
        com.fasterxml.jackson.databind.JsonNode req = Bodies.parse(body, com.fasterxml.jackson.databind.JsonNode.class);
        if (!req.isObject()) {
            throw LxdException.badRequest("Request body must be a JSON object");
        }
        if (req.path("migration").asBoolean(false)) {
            throw LxdException.badRequest("Invalid migration: instance migration is not supported; only a rename"
                    + " ({\"name\": \"new-name\"}) is");
        }
        for (String field : List.of("pool", "project", "target")) {
            com.fasterxml.jackson.databind.JsonNode value = req.path(field);
            if (!value.isMissingNode() && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())
                    && !(value.isObject() && value.isEmpty())) {
                throw LxdException.badRequest("Invalid " + field + ": moving an instance to another " + field
                        + " is not supported; only a rename ({\"name\": \"new-name\"}) is");
            }
        }
        String newName = req.path("name").isTextual() ? req.path("name").asText() : "";
        if (newName.isEmpty()) {
            throw LxdException.badRequest("Invalid name: the new instance name is required");
        }
        InstanceNames.problem(newName).ifPresent(p -> {
            throw LxdException.badRequest(p);
        });
        Instance instance = existing(project, name, false);
        if (!"Stopped".equals(instance.status())) {
            throw LxdException.badRequest("Renaming of running instance not allowed");
        }
        if (newName.equals(name) || instances.find(project, newName, false).isPresent()) {
            throw new LxdException(409, "Name \"" + newName + "\" already in use");
        }
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted.of(submitted.submit("Renaming instance", ref,
                new InstanceCommand.RenameInstance(name, newName), received));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        long received = Envelope.nowMicros();
        Instance instance = existing(project, name, false);
        if (!"Stopped".equals(instance.status())) {
            throw LxdException.badRequest("Instance is running");
        }
        InstanceRef ref = new InstanceRef(project, name);
        return Accepted
                .of(submitted.submit("Deleting instance", ref, new InstanceCommand.DeleteInstance(name), received));
    }

    Instance existing(String project, String name, boolean withState) {
        return instances.find(project, name, withState).orElseThrow(() -> LxdException.notFound(
                "Failed to fetch instance \"" + name + "\" in project \"" + project + "\": Instance not found"));
    }

    private static InstanceCommand.ImageSource validSource(InstancesPost req) {
        InstancesPost.InstanceSource s = req.source();
        if (s == null || s.type() == null || s.type().isEmpty()) {
            throw LxdException.badRequest("Invalid source: source.type is required (only \"image\" is supported)");
        }
        if (!s.type().equals("image")) {
            throw LxdException
                    .badRequest("Invalid source.type \"" + s.type() + "\": \"image\" and \"copy\" are supported");
        }
        String server = s.server() == null || s.server().isEmpty() ? null : s.server();
        if (server != null) {
            if (!"simplestreams".equals(s.protocol())) {
                throw LxdException.badRequest("Invalid source.protocol \"" + s.protocol()
                        + "\": only \"simplestreams\" image servers are supported");
            }
            if (!server.matches("https?://[^\\s/]+(/\\S*)?")) {
                throw LxdException.badRequest("Invalid source.server \"" + server + "\": expected an http(s) URL");
            }
        }
        String certificate = s.certificate() == null || s.certificate().isBlank() ? null : s.certificate();
        if (certificate != null) {
            if (server == null) {
                throw LxdException.badRequest("Invalid source.certificate: only meaningful with source.server");
            }
            try {
                Pem.parse(certificate);
            } catch (java.security.cert.CertificateException | RuntimeException e) {
                throw LxdException.badRequest("Invalid source.certificate: not a PEM certificate");
            }
        }
        boolean hasAlias = s.alias() != null && !s.alias().isEmpty();
        boolean hasFingerprint = s.fingerprint() != null && !s.fingerprint().isEmpty();
        if (!hasAlias && !hasFingerprint) {
            throw LxdException.badRequest("Invalid source: source.alias or source.fingerprint is required");
        }
        return new InstanceCommand.ImageSource(hasAlias ? s.alias() : null, hasFingerprint ? s.fingerprint() : null,
                server, server == null ? null : s.protocol(), certificate);
    }
}
