package dev.berth.executor.runtime;

import java.nio.file.Path;
import java.util.Optional;

/** An OCI runtime that runs detached containers, each monitored by its own conmon. */
public interface OciRuntime {

    /**
     * What conmon needs to create one container from a bundle; with {@code terminal} conmon makes the init's console
     * and holds its master (config.json must say {@code process.terminal} too).
     */
    record CreateRequest(String id, Path bundle, Path pidFile, Path conmonPidFile, Path logFile, boolean terminal) {
        public CreateRequest(String id, Path bundle, Path pidFile, Path conmonPidFile, Path logFile) {
            this(id, bundle, pidFile, conmonPidFile, logFile, false);
        }
    }

    /** Creates the container under a new conmon and returns the init's host pid once runc create succeeded. */
    long create(CreateRequest request);

    void start(String id);

    void kill(String id, String signal);

    /** Applies new resource limits ({@code LinuxResources} JSON in {@code resources}) to a running container. */
    void update(String id, Path resources);

    /** The container's state, or empty when the runtime does not know it. */
    Optional<RuncState> state(String id);

    void delete(String id, boolean force);
}
