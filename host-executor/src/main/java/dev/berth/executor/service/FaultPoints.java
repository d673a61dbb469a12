package dev.berth.executor.service;

import org.jboss.logging.Logger;

/**
 * Named points of the executor's multi-step work where a crash test can kill it: with
 * {@code BERTH_EXECUTOR_CRASH_AT=<point>} in its environment the executor halts there as if {@code kill -9}ed (no
 * shutdown hooks, nothing flushed). Unset, a point costs one string comparison.
 */
public final class FaultPoints {
    private static final Logger LOG = Logger.getLogger(FaultPoints.class);
    private static final String CRASH_AT = System.getenv("BERTH_EXECUTOR_CRASH_AT");

    private FaultPoints() {
    }

    public static void reach(String point) {
        if (point.equals(CRASH_AT)) {
            LOG.errorf("fault point %s reached: halting as if killed", point);
            Runtime.getRuntime().halt(137);
        }
    }
}
