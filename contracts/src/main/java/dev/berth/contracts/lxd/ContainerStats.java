package dev.berth.contracts.lxd;

import java.util.Map;

/**
 * Live figures the host-executor reads for a running container ({@code GET /internal/containers/{id}/stats}).
 *
 * @param status the runc status: running, stopped, paused, created, or absent
 * @param network the instance's interfaces by name, as {@code /state} shows them; null or empty for none
 */
public record ContainerStats(String status, long pid, long processes, long memoryUsage, long memoryPeak,
        long memoryLimit, long cpuUsageNanos, Map<String, InstanceNetwork> network) {

    public ContainerStats(String status, long pid, long processes, long memoryUsage, long memoryPeak,
            long memoryLimit, long cpuUsageNanos) {
        this(status, pid, processes, memoryUsage, memoryPeak, memoryLimit, cpuUsageNanos, null);
    }

    public ContainerStats withNetwork(Map<String, InstanceNetwork> interfaces) {
        return new ContainerStats(status, pid, processes, memoryUsage, memoryPeak, memoryLimit, cpuUsageNanos,
                interfaces);
    }
}
