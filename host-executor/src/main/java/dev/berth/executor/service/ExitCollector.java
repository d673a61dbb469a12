package dev.berth.executor.service;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.runtime.RuncState;

/**
 * Handles inits that exited by themselves: cleans up after them and emits ContainerStopped(requested=false) with a
 * fresh root envelope. Also the startup reconciliation of every container on this node.
 */
public final class ExitCollector {
    private static final Logger LOG = Logger.getLogger(ExitCollector.class);

    private final String node;
    private final ContainerManager containers;
    private final ContainerLocks locks;
    private final EventSink sink;

    public ExitCollector(String node, ContainerManager containers, ContainerLocks locks, EventSink sink) {
        this.node = node;
        this.containers = containers;
        this.locks = locks;
        this.sink = sink;
    }

    /** Called when conmon wrote {@code exits/<containerId>}; a no-op when a Berth stop already collected it. */
    public void onExitFile(String containerId) {
        inContext(containerId, () -> {
            ContainerLayout layout = containers.layout(containerId);
            Optional<Monitor.Exit> exit = Monitor.exitOf(layout);
            if (exit.isEmpty()) {
                return;
            }
            if (containers.running(layout)) {
                LOG.warnf("exit file for %s but runc says it is running; leaving it", containerId);
                return;
            }
            containers.cleanup(layout, exit.get());
            emitStopped(containerId, exit.get().code());
        });
    }

    /**
     * Startup reconciliation of one container dir: a recorded exit or a dead init is collected; a running init with
     * a live conmon is left alone.
     */
    public void reconcile(String containerId) {
        inContext(containerId, () -> {
            ContainerLayout layout = containers.layout(containerId);
            Optional<Monitor.Exit> exit = Monitor.exitOf(layout);
            if (exit.isPresent()) {
                containers.cleanup(layout, exit.get());
                emitStopped(containerId, exit.get().code());
                return;
            }
            Optional<RuncState> state = containers.state(layout);
            boolean wasStarted = java.nio.file.Files.exists(layout.conmonPid());
            if (state.isPresent() && state.get().running()) {
                if (!Monitor.conmonAlive(layout)) {
                    LOG.warnf("%s runs without its conmon; its exit code will not be known", containerId);
                }
                return;
            }
            if (state.isPresent() || wasStarted) {
                containers.cleanup(layout, null);
                emitStopped(containerId, null);
            }
        });
    }

    private void emitStopped(String containerId, Integer code) {
        InstanceRef ref = InstanceRef.ofContainerId(containerId);
        String project = ref.project();
        String name = ref.name();
        LOG.infof("stopped by itself (exit %s)", code);
        sink.emit(List.of(new Message<>(Envelope.root(null, project),
                new HostEvent.ContainerStopped(node, project, name, code, false))));
    }

    private void inContext(String containerId, Runnable action) {
        MDC.put("containerId", containerId);
        try {
            locks.with(containerId, () -> {
                action.run();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("collecting the exit of %s failed: %s", containerId, e.toString());
        } finally {
            MDC.remove("containerId");
        }
    }
}
