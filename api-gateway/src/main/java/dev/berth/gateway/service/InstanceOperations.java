package dev.berth.gateway.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.gateway.messaging.CommandPublisher;

/** Starts the LXD operation for an instance command and sends the command to container-service under it. */
@ApplicationScoped
public class InstanceOperations {
    @Inject
    Operations operations;
    @Inject
    CommandPublisher commands;

    /** {@code received} is when the request arrived (the trace's {@code gateway.received}). */
    public Operation submit(String description, InstanceRef ref, InstanceCommand command, long received) {
        return submit(description, ref, Map.of("instances", List.of(ref.url())), command, received);
    }

    /** LXD lists a container's instance URLs under {@code containers} too (which older clients read). */
    public Operation submit(String description, InstanceRef ref, Map<String, List<String>> resources,
            InstanceCommand command, long received) {
        if (resources.containsKey("instances") && !resources.containsKey("containers")) {
            resources = new java.util.LinkedHashMap<>(resources);
            resources.put("containers", resources.get("instances"));
        }
        Operation op = operations.start(description, ref.project(), resources);
        Envelope env = Envelope.root(op.id(), ref.project());
        env.trace().put("gateway.received", received);
        commands.publish(env, command);
        return op;
    }
}
