package dev.berth.container.domain;

/** The operation an instance is in the middle of, and the host event that completes it. */
public enum PendingAction {
    CREATE,
    CREATE_AND_START,
    START,
    STOP,
    RESTART,
    DELETE,
    PUBLISH,
    UPDATE,
    SNAPSHOT,
    DELETE_SNAPSHOT,
    RESTORE,
    RENAME,
    RENAME_SNAPSHOT;

    public String description() {
        return switch (this) {
            case CREATE, CREATE_AND_START -> "Creating instance";
            case START -> "Starting instance";
            case STOP -> "Stopping instance";
            case RESTART -> "Restarting instance";
            case DELETE -> "Deleting instance";
            case PUBLISH -> "Creating image";
            case UPDATE -> "Updating instance";
            case SNAPSHOT -> "Snapshotting instance";
            case DELETE_SNAPSHOT -> "Deleting snapshot";
            case RESTORE -> "Restoring snapshot";
            case RENAME -> "Renaming instance";
            case RENAME_SNAPSHOT -> "Renaming snapshot";
        };
    }
}
