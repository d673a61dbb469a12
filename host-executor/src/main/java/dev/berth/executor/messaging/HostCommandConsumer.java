package dev.berth.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.berth.contracts.Topics;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.service.HostCommandHandler;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@link Topics#HOST_COMMANDS} one at a time on a worker thread. The record is acked only after the method
 * returns, i.e. after the resulting events were acked by the broker.
 */
@ApplicationScoped
public class HostCommandConsumer {
    private static final Logger LOG = Logger.getLogger(HostCommandConsumer.class);

    @Inject
    HostCommandHandler handler;

    @Incoming("host-commands")
    @Blocking(ordered = true)
    public void consume(String json) {
        Message<HostCommand> message;
        try {
            message = Message.parse(json, Message.HOST_COMMAND);
        } catch (IllegalArgumentException e) {
            LOG.errorf("skipping a malformed host command: %s", e.getMessage());
            return;
        }
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            // Keep the stream alive: a poison command must not stop this node from handling the next ones.
            LOG.errorf(e, "host command %s could not be handled", message.envelope().messageId());
        }
    }
}
