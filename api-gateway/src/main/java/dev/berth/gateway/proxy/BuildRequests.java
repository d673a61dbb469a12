package dev.berth.gateway.proxy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.gateway.messaging.CommandPublisher;
import dev.berth.gateway.rest.LxdException;
import dev.berth.gateway.service.Operations;

/**
 * Berth's extension of {@code POST /1.0/images}: {@code source: {type: "build", builder: "debian/12"}} builds an image
 * on a node (debootstrap) instead of uploading one. Advertised as the {@code berth_image_build} API extension.
 */
@ApplicationScoped
public class BuildRequests {
    static final String SOURCE_TYPE = "build";
    private static final Pattern BUILDER = Pattern.compile("[a-z]+/[0-9a-z.]+");

    @Inject
    Operations operations;
    @Inject
    CommandPublisher commands;

    public Operation start(JsonNode request, String project) {
        long received = Envelope.nowMicros();
        String builder = request.path("source").path("builder").asText("");
        if (!BUILDER.matcher(builder).matches()) {
            throw LxdException.badRequest("Invalid source.builder \"" + builder + "\": expected e.g. debian/12");
        }
        Map<String, String> properties = PublishRequests.properties(request.path("properties"));
        List<String> aliases = PublishRequests.aliases(request.path("aliases"));
        String name = "build-" + UUID.randomUUID().toString().substring(0, 8);
        Operation op = operations.start("Building image " + builder, project, Map.of());
        Envelope env = Envelope.root(op.id(), project);
        env.trace().put("gateway.received", received);
        commands.publish(env, new InstanceCommand.BuildImage(name, builder,
                new ImagePublish(properties, aliases, request.path("public").asBoolean(false), "gzip")));
        return op;
    }
}
