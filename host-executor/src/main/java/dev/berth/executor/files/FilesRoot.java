package dev.berth.executor.files;

import java.nio.file.Path;
import java.util.Optional;

import dev.berth.contracts.config.IdMap;

/**
 * Where a container's files are reached on the host, and the id map they are stored in there (empty: stored as the
 * container sees them, e.g. a privileged container or a pool volume, which is stored unshifted).
 */
public record FilesRoot(Path root, Optional<IdMap> stored) {
    /** The overflow id, what a host id outside the container's range looks like inside. */
    static final long OVERFLOW_ID = 65534;

    /** The host id of container id {@code id}; 400 when the container's range does not hold it. */
    public long toHost(long id, String what) {
        if (stored.isEmpty()) {
            return id;
        }
        if (id >= stored.get().size()) {
            throw FileRefused.badRequest("Invalid X-LXD-" + what + " " + id + ": outside the instance's id range 0-"
                    + (stored.get().size() - 1));
        }
        return stored.get().toHost(id);
    }

    /** The id the container sees for host id {@code hostId}. */
    public long toContainer(long hostId) {
        if (stored.isEmpty()) {
            return hostId;
        }
        long id = stored.get().toContainer(hostId);
        return id < 0 ? OVERFLOW_ID : id;
    }
}
