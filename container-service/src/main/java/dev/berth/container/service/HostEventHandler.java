package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.domain.PendingAction;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.SnapshotRepository;
import dev.berth.container.repository.StoragePoolRepository;
import dev.berth.support.outbox.OutboxStore;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.container.repository.ProcessedMessages;
import dev.berth.support.jdbc.Tx;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.HostEvent.ContainerCreated;
import dev.berth.contracts.messaging.HostEvent.ContainerDeleted;
import dev.berth.contracts.messaging.HostEvent.ContainerStarted;
import dev.berth.contracts.messaging.HostEvent.ContainerStopped;
import dev.berth.contracts.messaging.HostEvent.HostCommandFailed;
import dev.berth.contracts.messaging.Message;

/** Applies what executors observed to the instance records, emits lifecycle events and completes operations. */
@ApplicationScoped
public class HostEventHandler {
    private static final Logger LOG = Logger.getLogger(HostEventHandler.class);

    @Inject
    Tx tx;
    @Inject
    NicPlanner nics;
    @Inject
    InstanceRepository instances;
    @Inject
    ProcessedMessages processed;
    @Inject
    OutboxStore outbox;
    @Inject
    SnapshotRepository snapshots;
    @Inject
    StoragePoolRepository pools;
    @Inject
    dev.berth.container.repository.RenameRepository renames;
    @Inject
    NetworkClient network;

    public List<OutboxRow> handle(Message<HostEvent> message) {
        Envelope env = message.envelope().stamp("container.event_received");
        HostEvent event = message.payload();
        InstanceRef ref = new InstanceRef(event.project(), event.name());
        return tx.run(c -> {
            if (!processed.markNew(c, env.messageId())) {
                return List.of();
            }
            if (isBuildOutcome(event)) {
                Outgoing out = new Outgoing(c, outbox);
                buildOutcome(out, env, event);
                return out.rows();
            }
            if (isPoolOutcome(event)) {
                Outgoing out = new Outgoing(c, outbox);
                poolOutcome(c, out, env, event);
                return out.rows();
            }
            Optional<InstanceRecord> found = instances.find(c, ref, true);
            if (found.isEmpty()) {
                LOG.debugf("[op=%s instance=%s] %s for an unknown instance ignored", env.operationId(), ref.key(),
                        event.getClass().getSimpleName());
                return List.of();
            }
            Outgoing out = new Outgoing(c, outbox);
            apply(c, out, env, found.get(), event);
            return out.rows();
        });
    }

    private void apply(Connection c, Outgoing out, Envelope env, InstanceRecord r, HostEvent event)
            throws SQLException {
        InstanceRef ref = r.ref();
        PendingAction pending = ownsPending(r, env) ? r.pendingAction() : null;
        if (event instanceof ContainerCreated) {
            InstanceRecord next = r.status() == InstanceStatus.CREATING ? r.withStatus(InstanceStatus.STOPPED) : r;
            out.lifecycle(env, ref, "instance-created", Map.of());
            finishIf(c, out, env, next, pending == PendingAction.CREATE);
        } else if (event instanceof ContainerStarted started) {
            InstanceRecord next = r.withStatus(InstanceStatus.RUNNING).withPid(started.pid(), null);
            // LXD and Incus say a restart's new init is up with instance-restarted, not instance-started
            out.lifecycle(env, ref, pending == PendingAction.RESTART ? "instance-restarted" : "instance-started",
                    Map.of());
            finishIf(c, out, env, next, pending == PendingAction.CREATE_AND_START || pending == PendingAction.START
                    || pending == PendingAction.RESTART);
        } else if (event instanceof ContainerStopped stopped) {
            InstanceStatus status = switch (pending == null ? PendingAction.STOP : pending) {
                case RESTART -> InstanceStatus.STARTING;
                case DELETE -> InstanceStatus.DELETING;
                default -> InstanceStatus.STOPPED;
            };
            InstanceRecord next = (r.status() == status ? r : r.withStatus(status)).withPid(null, stopped.exitCode());
            Map<String, Object> context = new HashMap<>();
            context.put("exit_code", stopped.exitCode());
            context.put("requested", stopped.requested());
            out.lifecycle(env, ref, "instance-stopped", context);
            finishIf(c, out, env, next, pending == PendingAction.STOP);
        } else if (event instanceof ContainerDeleted) {
            instances.delete(c, ref);
            out.lifecycle(env, ref, "instance-deleted", Map.of());
            if (pending == PendingAction.DELETE) {
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.ContainerPublished published) {
            out.lifecycle(env, ref, "instance-published", Map.of("fingerprint", published.fingerprint()));
            if (pending == PendingAction.PUBLISH) {
                instances.update(c, r.withPending(null, null));
                out.succeeded(env, Map.of("fingerprint", published.fingerprint(), "size",
                        Long.toString(published.size())));
            }
        } else if (event instanceof HostEvent.ContainerUpdated updated) {
            if (pending == PendingAction.UPDATE && r.pendingUpdate() != null) {
                instances.update(c, r.withSettings(r.pendingUpdate()).withPending(null, null));
                nics.releaseRemoved(ref, r.config(), r.pendingUpdate().config());
                out.lifecycle(env, ref, "instance-updated", Map.of());
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.SnapshotCreated snap) {
            if (pending == PendingAction.SNAPSHOT) {
                snapshots.insert(c, ref, new SnapshotRepository.Snapshot(snap.snapshot(), r.settings(),
                        java.time.Instant.now()));
                instances.update(c, r.withPending(null, null));
                out.lifecycle(env, ref, "instance-snapshot-created", Map.of("snapshot", snap.snapshot()));
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.SnapshotDeleted snap) {
            snapshots.delete(c, ref, snap.snapshot());
            if (pending == PendingAction.DELETE_SNAPSHOT) {
                instances.update(c, r.withPending(null, null));
                out.lifecycle(env, ref, "instance-snapshot-deleted", Map.of("snapshot", snap.snapshot()));
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.ContainerRestored restored) {
            if (pending == PendingAction.RESTORE && r.pendingUpdate() != null) {
                instances.update(c, r.withSettings(r.pendingUpdate()).withPending(null, null));
                out.lifecycle(env, ref, "instance-restored", Map.of("snapshot", restored.snapshot()));
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.ContainerRenamed renamed) {
            if (pending == PendingAction.RENAME) {
                InstanceRef to = new InstanceRef(ref.project(), renamed.newName());
                renames.release(c, ref);
                instances.rename(c, ref, renamed.newName());
                instances.update(c, instances.find(c, to, true).orElseThrow().withPending(null, null));
                out.lifecycle(env, to, "instance-renamed", Map.of("old_name", ref.name()));
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.SnapshotRenamed snap) {
            if (pending == PendingAction.RENAME_SNAPSHOT) {
                snapshots.rename(c, ref, snap.snapshot(), snap.newSnapshot());
                instances.update(c, r.withPending(null, null));
                out.lifecycle(env, ref.url() + "/snapshots/" + snap.newSnapshot(), ref.key(),
                        "instance-snapshot-renamed", Map.of("old_name", snap.snapshot()));
                out.succeeded(env);
            }
        } else if (event instanceof HostEvent.ContainerOomKilled oom) {
            out.lifecycle(env, ref, "instance-oom", Map.of("kills", oom.kills()));
        } else if (event instanceof HostCommandFailed failed) {
            failed(c, out, env, r, pending, failed);
        }
    }

    private void failed(Connection c, Outgoing out, Envelope env, InstanceRecord r, PendingAction pending,
            HostCommandFailed failed) throws SQLException {
        LOG.warnf("[op=%s instance=%s] %s failed on %s: %s", env.operationId(), r.ref().key(), failed.command(),
                failed.node(), failed.error());
        if (pending == PendingAction.RENAME) {
            // the executor renamed nothing: the name reserved and the addresses moved go back
            for (String reserved : renames.release(c, r.ref())) {
                if (InstanceCommandHandler.hasNics(r)) {
                    try {
                        network.rename(r.ref().project(), reserved, r.ref().name());
                    } catch (NetworkClient.IpamRefused e) {
                        LOG.warnf("[op=%s instance=%s] addresses not handed back from %s: %s", env.operationId(),
                                r.ref().key(), reserved, e.getMessage());
                    }
                }
            }
        }
        if (pending == PendingAction.CREATE || pending == PendingAction.CREATE_AND_START) {
            // The executor reverted its half; drop ours so no half-made instance remains.
            instances.delete(c, r.ref());
        } else {
            InstanceStatus status = r.status() == InstanceStatus.STARTING || r.status() == InstanceStatus.DELETING
                    ? InstanceStatus.STOPPED
                    : r.status() == InstanceStatus.STOPPING
                            ? InstanceStatus.RUNNING
                            : r.status();
            instances.update(c, r.withStatus(status).withPending(null, null));
        }
        if (pending != null) {
            out.failed(env, failed.code() == 0 ? 500 : failed.code(), failed.error());
        }
    }

    private static boolean isBuildOutcome(HostEvent event) {
        return event instanceof HostEvent.ImageBuilt
                || event instanceof HostCommandFailed f && "BuildImage".equals(f.command());
    }

    private static boolean isPoolOutcome(HostEvent event) {
        return event instanceof HostEvent.StoragePoolCreated || event instanceof HostEvent.StoragePoolDeleted
                || event instanceof HostCommandFailed f
                        && ("CreateStoragePool".equals(f.command()) || "DeleteStoragePool".equals(f.command()));
    }

    /** The node's answer about a pool, for the request waiting on the pool's row (see StoragePoolService). */
    private void poolOutcome(Connection c, Outgoing out, Envelope env, HostEvent event) throws SQLException {
        String name = event.name();
        Optional<StoragePoolRepository.Pool> found = pools.find(c, name, true);
        String url = "/1.0/storage-pools/" + name;
        String key = "storage-pool/" + name;
        if (event instanceof HostEvent.StoragePoolCreated) {
            if (found.isPresent() && found.get().status() == StoragePoolRepository.Status.CREATING) {
                pools.update(c, found.get().withStatus(StoragePoolRepository.Status.CREATED, null, null));
                out.lifecycle(env, url, key, "storage-pool-created", Map.of());
            }
        } else if (event instanceof HostEvent.StoragePoolDeleted) {
            if (found.isPresent()) {
                pools.delete(c, name);
                out.lifecycle(env, url, key, "storage-pool-deleted", Map.of());
            }
        } else if (event instanceof HostCommandFailed failed && found.isPresent()) {
            LOG.warnf("%s %s failed on %s: %s", failed.command(), name, failed.node(), failed.error());
            // a failed delete leaves the pool as it was: created
            StoragePoolRepository.Status status = "CreateStoragePool".equals(failed.command())
                    ? StoragePoolRepository.Status.ERRORED
                    : StoragePoolRepository.Status.CREATED;
            pools.update(c, found.get().withStatus(status, failed.error(), failed.code() == 0 ? 500 : failed.code()));
        }
    }

    /** A build has no instance record: its outcome only finishes the operation. */
    private static void buildOutcome(Outgoing out, Envelope env, HostEvent event) throws SQLException {
        if (event instanceof HostEvent.ImageBuilt built) {
            out.succeeded(env, Map.of("fingerprint", built.fingerprint(), "size", Long.toString(built.size())));
        } else if (event instanceof HostCommandFailed failed) {
            LOG.warnf("[op=%s] image build failed on %s: %s", env.operationId(), failed.node(), failed.error());
            out.failed(env, failed.code() == 0 ? 500 : failed.code(), failed.error());
        }
    }

    private void finishIf(Connection c, Outgoing out, Envelope env, InstanceRecord next, boolean done)
            throws SQLException {
        if (done) {
            instances.update(c, next.withPending(null, null));
            out.succeeded(env);
        } else {
            instances.update(c, next);
        }
    }

    /** Only the event caused by the pending operation may complete it; a spontaneous exit must not. */
    private static boolean ownsPending(InstanceRecord r, Envelope env) {
        return r.pendingOperation() != null && r.pendingOperation().equals(env.operationId());
    }
}
