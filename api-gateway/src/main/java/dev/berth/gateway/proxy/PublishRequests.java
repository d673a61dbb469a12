package dev.berth.gateway.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.gateway.messaging.CommandPublisher;
import dev.berth.gateway.rest.LxdException;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.service.Operations;

/** {@code POST /1.0/images} from an instance (LXD's publish): validated here, carried out through Kafka. */
@ApplicationScoped
public class PublishRequests {
    /** The {@code source.type} values that mean "publish"; LXD still accepts the old {@code container}. */
    static final Set<String> SOURCE_TYPES = Set.of("instance", "container", "snapshot");
    private static final Set<String> COMPRESSIONS = Set.of("gzip", "xz", "zstd", "bzip2", "none");

    @Inject
    ContainerServiceClient instances;
    @Inject
    Operations operations;
    @Inject
    CommandPublisher commands;

    /** Starts the publish operation, or throws an {@link LxdException} naming the bad field. */
    public Operation start(JsonNode request, String project) {
        long received = Envelope.nowMicros();
        JsonNode source = request.path("source");
        boolean fromSnapshot = source.path("type").asText().equals("snapshot");
        String sourceName = source.path("name").asText("");
        if (sourceName.isEmpty()) {
            throw LxdException.badRequest("Invalid source: source.name is required");
        }
        String[] parts = sourceName.split("/", 2);
        if (fromSnapshot != (parts.length == 2)) {
            throw LxdException.badRequest("Invalid source.name \"" + sourceName + "\": a snapshot source is named "
                    + "INSTANCE/SNAPSHOT, an instance source has no \"/\"");
        }
        String name = parts[0];
        String snapshot = fromSnapshot ? parts[1] : null;
        ImagePublish image = new ImagePublish(properties(request.path("properties")), aliases(request.path("aliases")),
                request.path("public").asBoolean(false), compression(request));
        if (request.path("auto_update").asBoolean(false)) {
            throw LxdException.badRequest("Invalid auto_update: automatic image updates are not supported");
        }
        Instance instance = instances.find(project, name, false).orElseThrow(() -> LxdException
                .notFound("Failed to fetch instance \"" + name + "\" in project \"" + project
                        + "\": Instance not found"));
        if (snapshot != null) {
            boolean known = instances.snapshots(project, name).orElse(List.of()).stream()
                    .anyMatch(s -> s.name().equals(snapshot));
            if (!known) {
                throw LxdException.notFound("Snapshot \"" + snapshot + "\" of instance \"" + name + "\" not found");
            }
        } else if (!"Stopped".equals(instance.status())) {
            throw LxdException.badRequest("Cannot publish a running instance; stop \"" + name + "\" first");
        }
        Operation op = operations.start("Creating image", project,
                Map.of("instances", List.of(new InstanceRef(project, name).url())));
        Envelope env = Envelope.root(op.id(), project);
        env.trace().put("gateway.received", received);
        commands.publish(env, new InstanceCommand.PublishInstance(name, image, snapshot));
        return op;
    }

    static Map<String, String> properties(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw LxdException.badRequest("Invalid properties: must be an object of strings");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw LxdException.badRequest("Invalid properties." + e.getKey() + ": must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static List<String> aliases(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw LxdException.badRequest("Invalid aliases: must be a list of {name, description}");
        }
        for (JsonNode alias : node) {
            String name = alias.path("name").asText("");
            if (name.isEmpty()) {
                throw LxdException.badRequest("Invalid aliases: every alias needs a name");
            }
            out.add(name);
        }
        return out;
    }

    private static String compression(JsonNode request) {
        String c = request.path("compression_algorithm").asText("");
        if (!c.isEmpty() && !COMPRESSIONS.contains(c)) {
            throw LxdException.badRequest("Invalid compression_algorithm \"" + c + "\": use one of " + COMPRESSIONS);
        }
        return c;
    }
}
