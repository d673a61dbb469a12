package dev.berth.executor.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.config.InternalAuth;
import dev.berth.executor.build.BuildFailed;
import dev.berth.executor.build.ImageBuilders;
import dev.berth.executor.publish.ImageUploader;
import dev.berth.executor.revert.Reverter;
import dev.berth.executor.CodedFailure;

/**
 * Carries out one host command for this node and emits what happened. Each command takes the container's lock and
 * checks real state first, so Kafka's redeliveries are harmless; a failure leaves nothing behind and becomes a
 * HostCommandFailed event.
 */
public final class HostCommandHandler {
    private static final Logger LOG = Logger.getLogger(HostCommandHandler.class);
    static final int DEFAULT_STOP_TIMEOUT = 30;
    /** Builds run one at a time, off the command thread; a crash mid-build loses it (the operation stays running). */
    private static final java.util.concurrent.ExecutorService BUILDS = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "image-build");
                t.setDaemon(true);
                return t;
            });

    private final String node;
    private final ContainerManager containers;
    private final ContainerLocks locks;
    private final EventSink sink;
    private final ImageBuilders builders;
    private final ProcessedCommands processed;
    private final InternalAuth auth;

    public HostCommandHandler(String node, ContainerManager containers, ContainerLocks locks, EventSink sink) {
        this(node, containers, locks, sink, null, InternalAuth.NONE);
    }

    /** {@code auth}: the internal token for uploads to image-service (publish, build). */
    public HostCommandHandler(String node, ContainerManager containers, ContainerLocks locks, EventSink sink,
            ImageBuilders builders, InternalAuth auth) {
        this.auth = auth;
        this.node = node;
        this.containers = containers;
        this.locks = locks;
        this.sink = sink;
        this.builders = builders;
        this.processed = new ProcessedCommands(containers == null ? null : containers.commandLedger());
    }

    /** Handles the command if it is addressed to this node; returns false when it was ignored. */
    public boolean handle(Message<HostCommand> message) {
        Envelope cause = withOwnTrace(message.envelope()).stamp("executor.received");
        HostCommand command = message.payload();
        if (!node.equals(command.node())) {
            return false;
        }
        if (command instanceof HostCommand.BuildImage build) {
            // minutes of debootstrap must not hold up the node's other commands (or its Kafka poll loop)
            BUILDS.execute(() -> build(cause, build));
            return true;
        }
        if (command instanceof HostCommand.CreateStoragePool || command instanceof HostCommand.DeleteStoragePool) {
            locks.with("storage-pool/" + command.name(), () -> {
                sink.emit(List.of(new Message<>(cause.caused(), pool(command))));
                return null;
            });
            return true;
        }
        String id = new InstanceRef(command.project(), command.name()).containerId();
        MDC.put("containerId", id);
        try {
            locks.with(id, () -> {
                ContainerLayout layout = containers.layout(id);
                if (processed.seen(cause.messageId())) {
                    LOG.infof("%s %s was already carried out; skipping the redelivery",
                            command.getClass().getSimpleName(), cause.messageId());
                    return null;
                }
                Context ctx = new Context(cause, command, layout, new ArrayList<>());
                run(ctx);
                sink.emit(ctx.events());
                processed.record(cause.messageId());
                return null;
            });
        } finally {
            MDC.remove("containerId");
        }
        return true;
    }

    /**
     * A build has no container: it runs outside the container locks and leaves nothing on the node. A redelivered build
     * builds again; the operation was already finished by the first outcome.
     */
    private void build(Envelope cause, HostCommand.BuildImage build) {
        HostEvent outcome;
        try {
            if (builders == null) {
                throw new BuildFailed(400, "This node has no image builders");
            }
            ImageUploader.Uploaded image = builders.build(build.builder(), build.uploadUrl(),
                    auth.headerFor(build.uploadUrl()), build.image());
            outcome = new HostEvent.ImageBuilt(node, build.project(), build.name(), image.fingerprint(),
                    image.size());
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("build %s failed: %s", build.builder(), error);
            int code = CodedFailure.commandCode(e);
            outcome = new HostEvent.HostCommandFailed(node, build.project(), build.name(), "BuildImage", error,
                    code);
        }
        sink.emit(List.of(new Message<>(cause.caused(), outcome)));
    }

    /** Creates or deletes a storage pool; both are idempotent, so a redelivery needs no ledger. */
    private HostEvent pool(HostCommand command) {
        try {
            if (command instanceof HostCommand.CreateStoragePool create) {
                containers.pools().create(create.name(), create.driver(),
                        create.config() == null ? Map.of() : create.config());
                LOG.infof("storage pool %s (%s) created", create.name(), create.driver());
                return new HostEvent.StoragePoolCreated(node, command.project(), command.name());
            }
            containers.pools().delete(command.name());
            LOG.infof("storage pool %s deleted", command.name());
            return new HostEvent.StoragePoolDeleted(node, command.project(), command.name());
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("%s %s failed: %s", command.getClass().getSimpleName(), command.name(), error);
            int code = CodedFailure.commandCode(e);
            return new HostEvent.HostCommandFailed(node, command.project(), command.name(),
                    command.getClass().getSimpleName(), error, code);
        }
    }

    /** The command plus the events it has produced so far. */
    private record Context(Envelope cause, HostCommand command, ContainerLayout layout,
            List<Message<HostEvent>> events) {
        void emit(HostEvent event) {
            events.add(new Message<>(cause.caused(), event));
        }
    }

    private void run(Context ctx) {
        long t0 = System.nanoTime();
        try {
            HostCommand c = ctx.command();
            if (c instanceof HostCommand.CreateContainer create) {
                create(ctx, create);
            } else if (c instanceof HostCommand.StartContainer start) {
                start(ctx, start.spec());
            } else if (c instanceof HostCommand.StopContainer stop) {
                stop(ctx, stop.timeoutSeconds(), stop.force());
            } else if (c instanceof HostCommand.RestartContainer restart) {
                stop(ctx, restart.timeoutSeconds(), restart.force());
                start(ctx, restart.spec());
            } else if (c instanceof HostCommand.PublishContainer publish) {
                ImageUploader.Uploaded image = publish.snapshot() == null
                        ? containers.publish(ctx.layout(), publish.uploadUrl(),
                                auth.headerFor(publish.uploadUrl()), publish.image())
                        : containers.publishSnapshot(ctx.layout(), publish.snapshot(), publish.uploadUrl(),
                                auth.headerFor(publish.uploadUrl()), publish.image());
                ctx.emit(new HostEvent.ContainerPublished(node, c.project(), c.name(), image.fingerprint(),
                        image.size()));
            } else if (c instanceof HostCommand.UpdateContainer update) {
                boolean live = containers.update(ctx.layout(), update.spec());
                ctx.emit(new HostEvent.ContainerUpdated(node, c.project(), c.name(), update.spec().config(), live));
            } else if (c instanceof HostCommand.SnapshotContainer snap) {
                containers.snapshot(ctx.layout(), snap.snapshot());
                ctx.emit(new HostEvent.SnapshotCreated(node, c.project(), c.name(), snap.snapshot()));
            } else if (c instanceof HostCommand.DeleteSnapshot snap) {
                containers.deleteSnapshot(ctx.layout(), snap.snapshot());
                ctx.emit(new HostEvent.SnapshotDeleted(node, c.project(), c.name(), snap.snapshot()));
            } else if (c instanceof HostCommand.RestoreContainer restore) {
                restore(ctx, restore);
            } else if (c instanceof HostCommand.CopyContainer copy) {
                try (Reverter revert = new Reverter()) {
                    containers.copy(containers.layout(new dev.berth.contracts.InstanceRef(c.project(), copy.source())
                            .containerId()), copy.sourceSnapshot(), ctx.layout(), copy.spec(), c.name(),
                            copy.snapshotsOrEmpty(), revert);
                    revert.success();
                }
                ctx.emit(new HostEvent.ContainerCreated(node, c.project(), c.name()));
            } else if (c instanceof HostCommand.RenameContainer rename) {
                String newId = new InstanceRef(c.project(), rename.newName()).containerId();
                locks.with(newId, () -> {
                    containers.rename(ctx.layout(), containers.layout(newId), rename.newName());
                    return null;
                });
                ctx.emit(new HostEvent.ContainerRenamed(node, c.project(), c.name(), rename.newName()));
            } else if (c instanceof HostCommand.RenameSnapshot rename) {
                containers.renameSnapshot(ctx.layout(), rename.snapshot(), rename.newSnapshot());
                ctx.emit(new HostEvent.SnapshotRenamed(node, c.project(), c.name(), rename.snapshot(),
                        rename.newSnapshot()));
            } else if (c instanceof HostCommand.DeleteContainer) {
                containers.remove(ctx.layout());
                FaultPoints.reach("delete.removed");
                ctx.emit(new HostEvent.ContainerDeleted(node, c.project(), c.name()));
            }
            LOG.infof("%s done in %.1f ms", c.getClass().getSimpleName(), (System.nanoTime() - t0) / 1e6);
        } catch (RuntimeException e) {
            HostCommand c = ctx.command();
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warnf("%s failed: %s", c.getClass().getSimpleName(), error);
            int code = CodedFailure.commandCode(e);
            ctx.emit(new HostEvent.HostCommandFailed(node, c.project(), c.name(), c.getClass().getSimpleName(), error,
                    code));
        }
    }

    private void create(Context ctx, HostCommand.CreateContainer create) {
        ContainerLayout layout = ctx.layout();
        try (Reverter revert = new Reverter()) {
            if (!containers.exists(layout)) {
                containers.prepare(layout, create.spec(), create.name(), revert);
            }
            FaultPoints.reach("create.prepared");
            long pid = create.start() ? startInside(ctx, create.spec(), revert) : 0;
            FaultPoints.reach("start.started");
            revert.success();
            ctx.emit(new HostEvent.ContainerCreated(node, create.project(), create.name()));
            if (create.start()) {
                ctx.emit(new HostEvent.ContainerStarted(node, create.project(), create.name(), pid));
            }
        }
    }

    private void start(Context ctx, dev.berth.contracts.messaging.ContainerSpec spec) {
        try (Reverter revert = new Reverter()) {
            long pid = startInside(ctx, spec, revert);
            FaultPoints.reach("start.started");
            revert.success();
            HostCommand c = ctx.command();
            ctx.emit(new HostEvent.ContainerStarted(node, c.project(), c.name(), pid));
        }
    }

    private long startInside(Context ctx, dev.berth.contracts.messaging.ContainerSpec given, Reverter revert) {
        ContainerLayout layout = ctx.layout();
        if (!containers.exists(layout)) {
            throw new IllegalStateException("container " + layout.containerId() + " does not exist on " + node);
        }
        var state = containers.state(layout);
        if (state.isPresent() && state.get().running()) {
            return state.get().pid();
        }
        if (state.isPresent() || Monitor.exitOf(layout).isPresent()) {
            // a previous init died and nobody collected it yet: tidy up before starting afresh
            containers.cleanup(layout, Monitor.exitOf(layout).orElse(null));
        }
        containers.updateSpec(layout, given);
        return containers.start(layout, ctx.command().name(), containers.readSpec(layout), revert, ctx.cause()::stamp);
    }

    /** Stops a running container first and starts it again afterwards, as LXD restores a running instance. */
    private void restore(Context ctx, HostCommand.RestoreContainer restore) {
        boolean wasRunning = containers.running(ctx.layout());
        if (wasRunning) {
            stop(ctx, DEFAULT_STOP_TIMEOUT, false);
        }
        containers.restore(ctx.layout(), restore.snapshot());
        if (wasRunning) {
            start(ctx, restore.spec());
        } else {
            containers.updateSpec(ctx.layout(), restore.spec());
        }
        HostCommand c = ctx.command();
        ctx.emit(new HostEvent.ContainerRestored(node, c.project(), c.name(), restore.snapshot(), wasRunning));
    }

    private void stop(Context ctx, int timeoutSeconds, boolean force) {
        int timeout = timeoutSeconds <= 0 ? DEFAULT_STOP_TIMEOUT : timeoutSeconds;
        Monitor.Exit exit = containers.stop(ctx.layout(), Duration.ofSeconds(timeout), force);
        HostCommand c = ctx.command();
        ctx.emit(new HostEvent.ContainerStopped(node, c.project(), c.name(), exit.code(), true));
    }

    /**
     * After a host boot: starts, each under its lock, the stopped containers whose config has
     * {@code boot.autostart=true}, reporting ContainerStarted (or HostCommandFailed) with a fresh root envelope.
     */
    public void autostart(List<String> containerIds) {
        for (String id : containerIds) {
            ContainerLayout layout = containers.layout(id);
            if (!containers.exists(layout)) {
                continue;
            }
            dev.berth.contracts.messaging.ContainerSpec spec = containers.readSpec(layout);
            if (!InstanceConfig.isTrue(spec.config(), InstanceConfig.BOOT_AUTOSTART) || containers.running(layout)) {
                continue;
            }
            InstanceRef ref = InstanceRef.ofContainerId(id);
            String project = ref.project();
            String name = ref.name();
            Envelope cause = withOwnTrace(Envelope.root(null, project));
            HostCommand start = new HostCommand.StartContainer(node, project, name, spec);
            locks.with(id, () -> {
                Context ctx = new Context(cause, start, layout, new ArrayList<>());
                run(ctx);
                sink.emit(ctx.events());
                return null;
            });
            LOG.infof("%s: autostarted after the host booted", id);
        }
    }

    /** A copy of the envelope whose trace is a mutable, insertion-ordered map. */
    static Envelope withOwnTrace(Envelope e) {
        Map<String, Long> trace = new LinkedHashMap<>(e.trace() == null ? Map.of() : e.trace());
        return new Envelope(e.messageId(), e.operationId(), e.causationId(), e.project(), e.occurredAt(),
                e.schemaVersion(), trace);
    }
}
