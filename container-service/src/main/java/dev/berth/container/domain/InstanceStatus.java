package dev.berth.container.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The instance state machine, written once as data: each status with the statuses it may move to. */
public enum InstanceStatus {
    CREATING("Stopped", 102),
    STOPPED("Stopped", 102),
    STARTING("Starting", 106),
    RUNNING("Running", 103),
    STOPPING("Stopping", 107),
    DELETING("Stopping", 107),
    ERROR("Error", 112);

    private static final Map<InstanceStatus, Set<InstanceStatus>> ALLOWED = Map.of(
            CREATING, EnumSet.of(STOPPED, STARTING, RUNNING, ERROR),
            STOPPED, EnumSet.of(STARTING, RUNNING, DELETING, ERROR),
            STARTING, EnumSet.of(RUNNING, STOPPED, ERROR),
            RUNNING, EnumSet.of(STOPPING, STOPPED, DELETING, ERROR),
            STOPPING, EnumSet.of(STOPPED, STARTING, RUNNING, ERROR), // STARTING: a restart's old init has stopped
            DELETING, EnumSet.of(STOPPED, ERROR),
            ERROR, EnumSet.of(STOPPED, STARTING, RUNNING, DELETING));

    private final String lxdStatus;
    private final int lxdCode;

    InstanceStatus(String lxdStatus, int lxdCode) {
        this.lxdStatus = lxdStatus;
        this.lxdCode = lxdCode;
    }

    public String lxdStatus() {
        return lxdStatus;
    }

    public int lxdCode() {
        return lxdCode;
    }

    /** A move to the current status is a no-op and always allowed, so redelivered messages are harmless. */
    public boolean canMoveTo(InstanceStatus next) {
        return next == this || ALLOWED.get(this).contains(next);
    }

    public boolean isActive() {
        return this == RUNNING || this == STARTING || this == STOPPING;
    }
}
