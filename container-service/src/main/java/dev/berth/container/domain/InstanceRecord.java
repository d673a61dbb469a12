package dev.berth.container.domain;

import java.time.Instant;
import java.util.Map;

import dev.berth.contracts.InstanceRef;

/** One row of {@code container.instances}. */
public record InstanceRecord(InstanceRef ref, String node, InstanceStatus status, String imageFingerprint,
        Map<String, String> imageProperties, Map<String, String> config, Long pid, Integer lastExitCode,
        String pendingOperation, PendingAction pendingAction, Instant createdAt, Instant lastUsedAt) {

    public InstanceRecord withStatus(InstanceStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("cannot move instance " + ref.name() + " from " + status + " to " + next);
        }
        return new InstanceRecord(ref, node, next, imageFingerprint, imageProperties, config, pid, lastExitCode,
                pendingOperation, pendingAction, createdAt, lastUsedAt);
    }

    public InstanceRecord withPid(Long newPid, Integer exitCode) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, config, newPid, exitCode,
                pendingOperation, pendingAction, createdAt, newPid != null ? Instant.now() : lastUsedAt);
    }

    public InstanceRecord withPending(String operation, PendingAction action) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, config, pid, lastExitCode,
                operation, action, createdAt, lastUsedAt);
    }

    public InstanceRecord withConfig(Map<String, String> newConfig) {
        return new InstanceRecord(ref, node, status, imageFingerprint, imageProperties, newConfig, pid, lastExitCode,
                pendingOperation, pendingAction, createdAt, lastUsedAt);
    }

    public boolean isBusy() {
        return pendingOperation != null;
    }
}
