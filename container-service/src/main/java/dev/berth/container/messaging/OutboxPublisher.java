package dev.berth.container.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.support.outbox.OutboxPublishing;

/** container-service's outbox: commands to the executors and lifecycle events, sent after their transaction commits. */
@ApplicationScoped
public class OutboxPublisher extends OutboxPublishing {
}
