package dev.berth.contracts.config;

/**
 * The host ids an unprivileged container's ids 0..size-1 map to: container uid/gid n is host {@code hostBase + n}.
 * LXD's default is 1000000:1000000000.
 */
public record IdMap(long hostBase, long size) {
    public static final IdMap DEFAULT = new IdMap(1_000_000L, 1_000_000_000L);

    public IdMap {
        if (hostBase < 1 || size < 65536) {
            throw new IllegalArgumentException("an id map needs a host base above 0 and at least 65536 ids");
        }
    }

    public long toHost(long containerId) {
        return hostBase + containerId;
    }

    /** The container id of a host id, or -1 when the host id is outside the map. */
    public long toContainer(long hostId) {
        return hostId >= hostBase && hostId < hostBase + size ? hostId - hostBase : -1;
    }
}
