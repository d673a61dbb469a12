package dev.berth.container.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.berth.container.service.HostEventHandler;
import dev.berth.contracts.messaging.Message;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Consumes what executors observed from {@code berth.host.events.v1}. */
@ApplicationScoped
public class HostEventConsumer {

    @Inject
    HostEventHandler handler;

    @Inject
    OutboxPublisher publisher;

    @Incoming("host-events")
    @Blocking(ordered = true)
    public void consume(String value) {
        publisher.publish(handler.handle(Message.parse(value, Message.HOST_EVENT)));
    }
}
