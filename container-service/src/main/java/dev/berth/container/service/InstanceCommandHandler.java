package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.jboss.logging.Logger;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.domain.PendingAction;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.support.outbox.OutboxStore;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.container.repository.ProcessedMessages;
import dev.berth.support.jdbc.Tx;
import dev.berth.container.service.ImageResolver.ImageNotResolved;
import dev.berth.container.service.ImageResolver.ResolvedImage;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.contracts.messaging.InstanceCommand.ChangeInstanceState;
import dev.berth.contracts.messaging.InstanceCommand.CreateInstance;
import dev.berth.contracts.messaging.InstanceCommand.DeleteInstance;
import dev.berth.contracts.messaging.InstanceCommand.ImageSource;
import dev.berth.contracts.messaging.InstanceCommand.PublishInstance;
import dev.berth.contracts.messaging.Message;

/** Turns gateway commands into instance records and host commands, in one transaction per command. */
@ApplicationScoped
public class InstanceCommandHandler {
    private static final Logger LOG = Logger.getLogger(InstanceCommandHandler.class);

    @Inject
    Tx tx;
    @Inject
    InstanceRepository instances;
    @Inject
    ProcessedMessages processed;
    @Inject
    OutboxStore outbox;
    @Inject
    ImageResolver images;
    @Inject
    ImagePuller puller;
    @Inject
    Placement placement;
    @Inject
    ProfileService profiles;
    @Inject
    SnapshotCommands snapshots;
    @Inject
    dev.berth.container.repository.SnapshotRepository snapshotRepository;
    @Inject
    NicPlanner nics;
    @Inject
    NetworkClient network;
    @Inject
    dev.berth.container.repository.RenameRepository renames;

    @ConfigProperty(name = "berth.image-service.url")
    String imageServiceUrl;

    /** A command the instance's current state refuses: the operation fails with {@code code}. */
    static final class Refused extends Exception {
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Handles one command; returns the outbox rows to publish once committed (none for a redelivery). */
    public List<OutboxRow> handle(Message<InstanceCommand> message) {
        Envelope env = message.envelope().stamp("container.received");
        InstanceCommand command = message.payload();
        InstanceRef ref = new InstanceRef(env.project(), command.name());
        Optional<ResolvedImage> image = Optional.empty();
        String imageError = null;
        int imageErrorCode = 0;
        if (command instanceof CreateInstance create) {
            try {
                ImageSource source = create.source().server() != null ? puller.pull(create.source()) : create.source();
                image = Optional.of(images.resolve(source));
            } catch (ImageNotResolved e) {
                imageError = e.getMessage();
                imageErrorCode = e.code;
            }
        }
        Optional<ResolvedImage> resolved = image;
        String resolveError = imageError;
        int resolveCode = imageErrorCode;
        return tx.run(c -> {
            if (!processed.markNew(c, env.messageId())) {
                LOG.debugf("[op=%s instance=%s] duplicate command %s ignored", env.operationId(), ref.key(),
                        env.messageId());
                return List.of();
            }
            Outgoing out = new Outgoing(c, outbox);
            try {
                if (command instanceof CreateInstance create) {
                    if (resolveError != null) {
                        throw new Refused(resolveCode, resolveError);
                    }
                    create(c, out, env, ref, create, resolved.orElseThrow());
                } else if (command instanceof ChangeInstanceState change) {
                    changeState(c, out, env, ref, change);
                } else if (command instanceof DeleteInstance) {
                    delete(c, out, env, ref);
                } else if (command instanceof InstanceCommand.UpdateInstance update) {
                    update(c, out, env, ref, update);
                } else if (command instanceof InstanceCommand.SnapshotInstance snap) {
                    snapshots.snapshot(c, out, env, idle(c, ref), snap.snapshot());
                } else if (command instanceof InstanceCommand.DeleteSnapshot snap) {
                    snapshots.deleteSnapshot(c, out, env, idle(c, ref), snap.snapshot());
                } else if (command instanceof InstanceCommand.RestoreInstance restore) {
                    snapshots.restore(c, out, env, idle(c, ref), restore.snapshot());
                } else if (command instanceof InstanceCommand.CopyInstance copy) {
                    snapshots.copy(c, out, env, ref, copy);
                } else if (command instanceof InstanceCommand.RenameInstance rename) {
                    rename(c, out, env, ref, rename.newName());
                } else if (command instanceof InstanceCommand.RenameSnapshot rename) {
                    snapshots.rename(c, out, env, idle(c, ref), rename.snapshot(), rename.newSnapshot());
                } else if (command instanceof PublishInstance publish) {
                    publish(c, out, env, ref, publish);
                } else if (command instanceof InstanceCommand.BuildImage build) {
                    out.hostCommand(env, new HostCommand.BuildImage(placement.choose(), ref.project(), build.name(),
                            build.builder(), imageServiceUrl + "/1.0/images", build.image()));
                }
            } catch (Refused r) {
                LOG.infof("[op=%s instance=%s] refused: %s", env.operationId(), ref.key(), r.getMessage());
                out.failed(env, r.code, r.getMessage());
            }
            return out.rows();
        });
    }

    private void create(Connection c, Outgoing out, Envelope env, InstanceRef ref, CreateInstance create,
            ResolvedImage image) throws SQLException, Refused {
        Map<String, String> config = new LinkedHashMap<>();
        image.properties().forEach((k, v) -> config.put("image." + k, v));
        config.put("volatile.base_image", image.fingerprint());
        if (create.config() != null) {
            config.putAll(create.config());
        }
        PendingAction action = create.start() ? PendingAction.CREATE_AND_START : PendingAction.CREATE;
        InstanceSettings settings = new InstanceSettings(config, create.devices(),
                create.profiles() == null ? List.of(ProfileService.DEFAULT) : create.profiles());
        Expanded expanded = expanded(c, settings);
        if (instances.find(c, ref, false).isPresent() || renames.isReserved(c, ref)) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" already exists");
        }
        NicPlanner.Resolved resolved;
        try {
            resolved = nics.resolve(ref, new ContainerSpec(image.fingerprint(), image.url(), image.rootfsUrl(),
                    expanded.config(), expanded.devices()), config);
        } catch (Refused r) {
            // the instance does not exist, so whatever this attempt allocated is nobody's
            nics.releaseQuietly(ref);
            throw r;
        }
        settings = new InstanceSettings(resolved.apply(config), settings.devices(), settings.profiles());
        InstanceRecord record = new InstanceRecord(ref, placement.choose(), InstanceStatus.CREATING,
                image.fingerprint(), image.properties(), settings, null, null, env.operationId(), action,
                Instant.now(), null, null);
        if (!instances.insert(c, record)) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" already exists");
        }
        out.hostCommand(env, new HostCommand.CreateContainer(record.node(), ref.project(), ref.name(),
                resolved.spec(), create.start()));
    }

    private void changeState(Connection c, Outgoing out, Envelope env, InstanceRef ref, ChangeInstanceState change)
            throws SQLException, Refused {
        InstanceRecord r = idle(c, ref);
        int timeout = change.timeoutSeconds();
        InstanceRecord next;
        HostCommand command;
        switch (change.action()) {
            case START -> {
                if (r.status() == InstanceStatus.RUNNING) {
                    throw new Refused(400, "The instance is already running");
                }
                NicPlanner.Resolved resolved = startSpec(c, r);
                next = withVolatile(r, resolved).withStatus(InstanceStatus.STARTING)
                        .withPending(env.operationId(), PendingAction.START);
                nics.releaseRemoved(ref, r.config(), next.config());
                command = new HostCommand.StartContainer(r.node(), ref.project(), ref.name(), resolved.spec());
            }
            case STOP -> {
                if (!r.status().isActive()) {
                    throw new Refused(400, "The instance is already stopped");
                }
                next = r.withStatus(InstanceStatus.STOPPING).withPending(env.operationId(), PendingAction.STOP);
                command = new HostCommand.StopContainer(r.node(), ref.project(), ref.name(), timeout, change.force());
            }
            case RESTART -> {
                if (!r.status().isActive()) {
                    throw new Refused(400, "The instance isn't running");
                }
                NicPlanner.Resolved resolved = startSpec(c, r);
                next = withVolatile(r, resolved).withStatus(InstanceStatus.STOPPING)
                        .withPending(env.operationId(), PendingAction.RESTART);
                nics.releaseRemoved(ref, r.config(), next.config());
                command = new HostCommand.RestartContainer(r.node(), ref.project(), ref.name(), resolved.spec(),
                        timeout, change.force());
            }
            default -> throw new Refused(400, "Unknown action " + change.action());
        }
        instances.update(c, next);
        out.hostCommand(env, command);
    }

    private void delete(Connection c, Outgoing out, Envelope env, InstanceRef ref) throws SQLException, Refused {
        InstanceRecord r = idle(c, ref);
        if (r.status().isActive()) {
            throw new Refused(400, "Instance is running");
        }
        instances.update(c, r.withStatus(InstanceStatus.DELETING).withPending(env.operationId(),
                PendingAction.DELETE));
        out.hostCommand(env, new HostCommand.DeleteContainer(r.node(), ref.project(), ref.name()));
    }

    /** The new config is the record's once the executor has it (and applied the limits of a running instance). */
    private void update(Connection c, Outgoing out, Envelope env, InstanceRef ref,
            InstanceCommand.UpdateInstance update)
            throws SQLException, Refused {
        InstanceRecord r = idle(c, ref);
        if (r.status() != InstanceStatus.RUNNING && r.status() != InstanceStatus.STOPPED) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" is " + r.status().lxdStatus().toLowerCase()
                    + "; try again when it has settled");
        }
        InstanceSettings next = new InstanceSettings(update.config(), update.devices(), update.profiles());
        Expanded expanded = expanded(c, next);
        // NICs are resolved now, so a running instance gets an added one plugged in (and a removed one unplugged)
        NicPlanner.Resolved resolved = nics.resolve(ref, new ContainerSpec(r.imageFingerprint(),
                images.blobUrl(r.imageFingerprint()), null, expanded.config(), expanded.devices()), next.config());
        next = new InstanceSettings(resolved.apply(next.config()), next.devices(), next.profiles());
        instances.update(c, r.withPending(env.operationId(), PendingAction.UPDATE).withPendingUpdate(next));
        out.hostCommand(env, new HostCommand.UpdateContainer(r.node(), ref.project(), ref.name(), resolved.spec()));
    }

    /**
     * Renames a stopped instance: the new name is reserved and the addresses follow it now (the executor's refusal
     * hands them back, see HostEventHandler); the record takes the name once the executor renamed the container.
     */
    private void rename(Connection c, Outgoing out, Envelope env, InstanceRef ref, String newName)
            throws SQLException, Refused {
        InstanceRecord r = idle(c, ref);
        if (r.status() != InstanceStatus.STOPPED) {
            throw new Refused(400, "Renaming of running instance not allowed");
        }
        java.util.Optional<String> invalid = dev.berth.contracts.InstanceNames.problem(newName);
        if (invalid.isPresent()) {
            throw new Refused(400, invalid.get());
        }
        InstanceRef to = new InstanceRef(ref.project(), newName);
        if (newName.equals(ref.name()) || instances.find(c, to, false).isPresent() || renames.isReserved(c, to)) {
            throw new Refused(409, "Name \"" + newName + "\" already in use");
        }
        boolean addresses = hasNics(r);
        if (addresses) {
            try {
                network.rename(ref.project(), ref.name(), newName);
            } catch (NetworkClient.IpamRefused e) {
                throw new Refused(e.code, "Cannot rename instance \"" + ref.name() + "\": " + e.getMessage());
            }
        }
        if (!renames.reserve(c, to, ref.name())) {
            if (addresses) {
                renameAddressesBack(ref, newName);
            }
            throw new Refused(409, "Name \"" + newName + "\" already in use");
        }
        instances.update(c, r.withPending(env.operationId(), PendingAction.RENAME));
        out.hostCommand(env, new HostCommand.RenameContainer(r.node(), ref.project(), ref.name(), newName));
    }

    /** Whether the instance has NICs, whose addresses IPAM holds under its name. */
    static boolean hasNics(InstanceRecord r) {
        return r.config().keySet().stream().anyMatch(NicPlanner::isNicKey);
    }

    /** Undoes the addresses' part of a rename that did not happen; a failure is only logged. */
    void renameAddressesBack(InstanceRef ref, String newName) {
        try {
            network.rename(ref.project(), newName, ref.name());
        } catch (NetworkClient.IpamRefused e) {
            LOG.warnf("[instance=%s] addresses not handed back from %s: %s", ref.key(), newName, e.getMessage());
        }
    }

    private void publish(Connection c, Outgoing out, Envelope env, InstanceRef ref, PublishInstance publish)
            throws SQLException, Refused {
        InstanceRecord r = idle(c, ref);
        if (publish.snapshot() != null) {
            if (snapshotRepository.find(c, ref, publish.snapshot()).isEmpty()) {
                throw new Refused(404, "Snapshot \"" + publish.snapshot() + "\" of instance \"" + ref.name()
                        + "\" not found");
            }
        } else if (r.status() != InstanceStatus.STOPPED) {
            throw new Refused(400, "Cannot publish a running instance; stop \"" + ref.name() + "\" first");
        }
        instances.update(c, r.withPending(env.operationId(), PendingAction.PUBLISH));
        out.hostCommand(env, new HostCommand.PublishContainer(r.node(), ref.project(), ref.name(),
                imageServiceUrl + "/1.0/images", publish.image(), publish.snapshot()));
    }

    /** The instance, locked, provided it exists and no other operation is in flight on it. */
    InstanceRecord idle(Connection c, InstanceRef ref) throws SQLException, Refused {
        InstanceRecord r = instances.find(c, ref, true)
                .orElseThrow(() -> new Refused(404, "Instance \"" + ref.name() + "\" not found"));
        if (r.isBusy()) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" is busy with operation " + r.pendingOperation());
        }
        return r;
    }

    /** What the executor needs to (re)start the instance: its expanded config and devices, its NICs resolved. */
    NicPlanner.Resolved startSpec(Connection c, InstanceRecord r) throws SQLException, Refused {
        Expanded expanded = ProfileService.expand(r.settings(), profiles.byName(c));
        return nics.resolve(r.ref(), new ContainerSpec(r.imageFingerprint(), images.blobUrl(r.imageFingerprint()),
                null, expanded.config(), expanded.devices()), r.config());
    }

    /** The record with the NICs' new volatile keys (a NIC a profile added since the last start). */
    static InstanceRecord withVolatile(InstanceRecord r, NicPlanner.Resolved resolved) {
        InstanceSettings s = r.settings();
        Map<String, String> config = resolved.apply(s.config());
        return config == s.config() ? r : r.withSettings(new InstanceSettings(config, s.devices(), s.profiles()));
    }

    private Expanded expanded(Connection c, InstanceSettings settings) throws SQLException, Refused {
        try {
            return profiles.validated(c, settings);
        } catch (ProfileService.Refusal e) {
            throw new Refused(e.code(), e.getMessage());
        }
    }
}
