package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.domain.PendingAction;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.SnapshotRepository;
import dev.berth.container.service.InstanceCommandHandler.Refused;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.InstanceCommand;

/**
 * Snapshot, snapshot delete, restore and copy: checks against the records, then the host command; the records change
 * when the executor reports it has done its part.
 */
@ApplicationScoped
public class SnapshotCommands {
    @Inject
    NicPlanner nics;
    @Inject
    InstanceRepository instances;
    @Inject
    SnapshotRepository snapshots;
    @Inject
    ProfileService profiles;
    @Inject
    ImageResolver images;
    @Inject
    dev.berth.container.repository.RenameRepository renames;

    void snapshot(Connection c, Outgoing out, Envelope env, InstanceRecord r, String snapshot)
            throws SQLException, Refused {
        settled(r);
        checkName(snapshot);
        if (snapshots.find(c, r.ref(), snapshot).isPresent()) {
            throw new Refused(409, "Snapshot \"" + snapshot + "\" already exists");
        }
        instances.update(c, r.withPending(env.operationId(), PendingAction.SNAPSHOT));
        out.hostCommand(env, new HostCommand.SnapshotContainer(r.node(), r.ref().project(), r.ref().name(), snapshot));
    }

    void deleteSnapshot(Connection c, Outgoing out, Envelope env, InstanceRecord r, String snapshot)
            throws SQLException, Refused {
        existing(c, r.ref(), snapshot);
        instances.update(c, r.withPending(env.operationId(), PendingAction.DELETE_SNAPSHOT));
        out.hostCommand(env, new HostCommand.DeleteSnapshot(r.node(), r.ref().project(), r.ref().name(), snapshot));
    }

    /** The disk and the settings come back; a running instance is restarted on the restored disk. */
    void restore(Connection c, Outgoing out, Envelope env, InstanceRecord r, String snapshot)
            throws SQLException, Refused {
        settled(r);
        InstanceSettings settings = existing(c, r.ref(), snapshot).settings();
        // a running instance starts again on the restored settings: its NICs are resolved as for any start
        NicPlanner.Resolved resolved = nics.resolve(r.ref(), spec(c, r, settings), r.config());
        instances.update(c, InstanceCommandHandler.withVolatile(r, resolved)
                .withPending(env.operationId(), PendingAction.RESTORE).withPendingUpdate(settings));
        out.hostCommand(env, new HostCommand.RestoreContainer(r.node(), r.ref().project(), r.ref().name(), snapshot,
                resolved.spec()));
    }

    /** Renames a snapshot of a settled instance; the record changes once the executor renamed its storage. */
    void rename(Connection c, Outgoing out, Envelope env, InstanceRecord r, String snapshot, String newSnapshot)
            throws SQLException, Refused {
        settled(r);
        existing(c, r.ref(), snapshot);
        checkName(newSnapshot);
        if (snapshots.find(c, r.ref(), newSnapshot).isPresent()) {
            throw new Refused(409, "Name \"" + newSnapshot + "\" already in use");
        }
        instances.update(c, r.withPending(env.operationId(), PendingAction.RENAME_SNAPSHOT));
        out.hostCommand(env, new HostCommand.RenameSnapshot(r.node(), r.ref().project(), r.ref().name(), snapshot,
                newSnapshot));
    }

    /**
     * A new, stopped instance on the source's node with the source's settings (run-time volatile keys dropped). A copy
     * of an instance gets its snapshots too, as LXD's does, unless {@code instance_only}: their records are written
     * now, with the source's names, settings and dates, and go with the instance record if the executor fails.
     */
    void copy(Connection c, Outgoing out, Envelope env, InstanceRef ref, InstanceCommand.CopyInstance copy)
            throws SQLException, Refused {
        InstanceRef sourceRef = new InstanceRef(ref.project(), copy.source());
        InstanceRecord source = instances.find(c, sourceRef, false)
                .orElseThrow(() -> new Refused(404, "Instance \"" + copy.source() + "\" not found"));
        InstanceSettings settings = copy.sourceSnapshot() == null
                ? source.settings()
                : existing(c, sourceRef, copy.sourceSnapshot()).settings();
        InstanceSettings copied = withoutVolatile(settings);
        if (renames.isReserved(c, ref)) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" already exists");
        }
        InstanceRecord record = new InstanceRecord(ref, source.node(), InstanceStatus.CREATING,
                source.imageFingerprint(), source.imageProperties(), copied, null, null, env.operationId(),
                PendingAction.CREATE, Instant.now(), null, null);
        if (!instances.insert(c, record)) {
            throw new Refused(409, "Instance \"" + ref.name() + "\" already exists");
        }
        List<String> carried = new ArrayList<>();
        if (copy.sourceSnapshot() == null && !copy.instanceOnly()) {
            for (SnapshotRepository.Snapshot s : snapshots.list(c, sourceRef)) {
                snapshots.insert(c, ref, new SnapshotRepository.Snapshot(s.name(), withoutVolatile(s.settings()),
                        s.createdAt()));
                carried.add(s.name());
            }
        }
        out.hostCommand(env, new HostCommand.CopyContainer(source.node(), ref.project(), ref.name(), copy.source(),
                copy.sourceSnapshot(), spec(c, record, copied), carried));
    }

    /** The settings without run-time volatile keys (the base image stays). */
    private static InstanceSettings withoutVolatile(InstanceSettings settings) {
        Map<String, String> config = new TreeMap<>(settings.config());
        config.keySet().removeIf(k -> k.startsWith("volatile.") && !k.equals("volatile.base_image"));
        return new InstanceSettings(config, settings.devices(), settings.profiles());
    }

    private ContainerSpec spec(Connection c, InstanceRecord r, InstanceSettings settings) throws SQLException {
        Expanded expanded = ProfileService.expand(settings, profiles.byName(c));
        return new ContainerSpec(r.imageFingerprint(), images.blobUrl(r.imageFingerprint()), null, expanded.config(),
                expanded.devices());
    }

    private SnapshotRepository.Snapshot existing(Connection c, InstanceRef ref, String snapshot)
            throws SQLException, Refused {
        return snapshots.find(c, ref, snapshot).orElseThrow(() -> new Refused(404,
                "Snapshot \"" + snapshot + "\" of instance \"" + ref.name() + "\" not found"));
    }

    private static void settled(InstanceRecord r) throws Refused {
        if (r.status() != InstanceStatus.RUNNING && r.status() != InstanceStatus.STOPPED) {
            throw new Refused(409, "Instance \"" + r.ref().name() + "\" is " + r.status().lxdStatus().toLowerCase()
                    + "; try again when it has settled");
        }
    }

    static void checkName(String snapshot) throws Refused {
        if (snapshot == null || snapshot.isEmpty() || snapshot.length() > 63 || snapshot.contains("/")
                || snapshot.equals(".") || snapshot.equals("..") || snapshot.isBlank()) {
            throw new Refused(400, "Invalid snapshot name \"" + snapshot + "\"");
        }
    }
}
