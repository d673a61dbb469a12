package dev.berth.executor.revert;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jboss.logging.Logger;

/**
 * Undo steps for a multi-step operation (Incus {@code shared/revert}): each step registers its undo, and unless
 * {@link #success()} is called, {@link #close()} runs the undos in reverse order. A failing undo is logged and the
 * remaining undos still run.
 */
public final class Reverter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reverter.class);

    /** One undo action. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private record Step(String name, Undo undo) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean succeeded;

    public void add(String name, Undo undo) {
        steps.push(new Step(name, undo));
    }

    /** Keeps everything that was done: close() becomes a no-op. */
    public void success() {
        succeeded = true;
    }

    @Override
    public void close() {
        if (succeeded) {
            return;
        }
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().run();
            } catch (Exception e) {
                LOG.warnf("revert: undoing %s failed: %s", step.name(), e.toString());
            }
        }
    }
}
