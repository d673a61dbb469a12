package dev.berth.network.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.support.outbox.OutboxPublishing;

/**
 * network-service's outbox: network commands to the executors, sent after their transaction commits. With
 * {@code berth.network.outbox.publish=false} (the REST and IPAM tests) rows only accumulate in the table.
 */
@ApplicationScoped
public class OutboxPublisher extends OutboxPublishing {

    @ConfigProperty(name = "berth.network.outbox.publish", defaultValue = "true")
    boolean enabled;

    @Override
    protected boolean enabled() {
        return enabled;
    }
}
