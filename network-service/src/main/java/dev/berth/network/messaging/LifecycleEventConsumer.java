package dev.berth.network.messaging;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.service.Ipam;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code berth.lifecycle.v1} and releases every address of an instance once it is deleted; other events are
 * ignored. Releasing is idempotent, so a redelivered event releases nothing more. An event that cannot be read
 * throws, which sends it to the channel's dead-letter topic.
 */
@ApplicationScoped
public class LifecycleEventConsumer {
    static final String INSTANCE_DELETED = "instance-deleted";
    private static final Logger LOG = Logger.getLogger(LifecycleEventConsumer.class);
    private static final String INSTANCES = "/1.0/instances/";

    @Inject
    Ipam ipam;

    @Incoming("lifecycle-events")
    @Blocking(ordered = true)
    public void consume(String value) {
        LifecycleEvent event = Json.read(value, LifecycleEvent.class);
        if (event.data() == null || !INSTANCE_DELETED.equals(event.action())) {
            return;
        }
        InstanceRef ref = instance(event);
        List<NicAddress> released = event.time() == null
                ? ipam.release(ref.project(), ref.name(), null)
                : ipam.releaseDeleted(ref.project(), ref.name(), event.time());
        if (released.isEmpty()) {
            LOG.debugf("[op=%s instance=%s] deleted; it held no addresses (event %s)", event.berthoperation(),
                    ref.key(), event.id());
        } else {
            LOG.infof("[op=%s instance=%s] deleted; released %s (event %s)", event.berthoperation(), ref.key(),
                    describe(released), event.id());
        }
    }

    /** The instance an {@code instance-deleted} event is about: its project, and its name from the LXD source URL. */
    static InstanceRef instance(LifecycleEvent event) {
        String source = event.data().source();
        String path = source == null ? "" : source.split("\\?", 2)[0];
        String name = path.startsWith(INSTANCES) ? path.substring(INSTANCES.length()) : "";
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("lifecycle event " + event.id() + " (" + INSTANCE_DELETED
                    + ") names no instance: source \"" + source + "\"");
        }
        String project = event.data().project();
        return new InstanceRef(project == null || project.isEmpty() ? InstanceRef.DEFAULT_PROJECT : project, name);
    }

    private static String describe(List<NicAddress> released) {
        return released.stream().map(a -> a.device() + " " + a.ipv4() + " (" + a.hwaddr() + ") on " + a.network())
                .collect(Collectors.joining(", "));
    }
}
