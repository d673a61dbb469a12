package dev.berth.image.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.support.outbox.OutboxPublishing;

/**
 * Sends image lifecycle events from the outbox to Kafka once their transaction has committed, so a committed change
 * never loses its event.
 */
@ApplicationScoped
public class LifecyclePublisher extends OutboxPublishing {
}
