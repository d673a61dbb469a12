package dev.berth.container.domain;

import java.time.Instant;
import java.util.Map;

import dev.berth.contracts.InstanceRef;

/**
 * One row of {@code container.instances}.
 *
 * @param settings the instance's own config, devices and profiles
 * @param pendingUpdate new settings waiting for the executor (a PUT or PATCH in flight), or null
 */
public record InstanceRecord(InstanceRef ref, String node, InstanceStatus status, String imageFingerprint,
        Map<String, String> imageProperties, InstanceSettings settings, Long pid, Integer lastExitCode,
        String pendingOperation, PendingAction pendingAction, Instant createdAt, Instant lastUsedAt,
        InstanceSettings pendingUpdate) {

    public Map<String, String> config() {
        return settings.config();
    }

    public InstanceRecord withStatus(InstanceStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("cannot move instance " + ref.name() + " from " + status + " to " + next);
        }
        return new InstanceRecord(ref, node, next, imageFingerprint, imageProperties, settings, pid, lastExitCode,
                pendingOperation, pendingAction, createdAt, lastUsedAt, pendingUpdate);
    }

    public InstanceRecord withPid(Long newPid, Integer exitCode) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, settings, newPid, exitCode,
                pendingOperation, pendingAction, createdAt, newPid != null ? Instant.now() : lastUsedAt,
                pendingUpdate);
    }

    /** Sets (or, with nulls, clears) the operation in flight; clearing it drops a pending update too. */
    public InstanceRecord withPending(String operation, PendingAction action) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, settings, pid, lastExitCode,
                operation, action, createdAt, lastUsedAt, operation == null ? null : pendingUpdate);
    }

    public InstanceRecord withPendingUpdate(InstanceSettings update) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, settings, pid, lastExitCode,
                pendingOperation, pendingAction, createdAt, lastUsedAt, update);
    }

    public InstanceRecord withSettings(InstanceSettings newSettings) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, newSettings, pid,
                lastExitCode, pendingOperation, pendingAction, createdAt, lastUsedAt, pendingUpdate);
    }

    public boolean isBusy() {
        return pendingOperation != null;
    }
}
