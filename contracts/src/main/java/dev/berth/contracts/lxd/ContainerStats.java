package dev.berth.contracts.lxd;

/**
 * Live figures the host-executor reads for a running container ({@code GET /internal/containers/{id}/stats}).
 *
 * @param status the runc status: running, stopped, paused, created, or absent
 */
public record ContainerStats(String status, long pid, long processes, long memoryUsage, long memoryPeak,
        long memoryLimit, long cpuUsageNanos) {
}
