package dev.berth.container.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.berth.container.service.InstanceCommandHandler;
import dev.berth.contracts.messaging.Message;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Consumes gateway commands from {@code berth.instance.commands.v1}. */
@ApplicationScoped
public class InstanceCommandConsumer {

    @Inject
    InstanceCommandHandler handler;

    @Inject
    OutboxPublisher publisher;

    @Incoming("instance-commands")
    @Blocking(ordered = true)
    public void consume(String value) {
        publisher.publish(handler.handle(Message.parse(value, Message.INSTANCE_COMMAND)));
    }
}
