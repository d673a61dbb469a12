package dev.berth.executor.service;

import java.util.Optional;

import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.executor.runtime.OciRuntime;
import dev.berth.executor.runtime.RuncState;

/** Live figures for one container from runc state and its cgroup v1 files. */
public final class StatsReader {
    private final OciRuntime runtime;
    private final Cgroups cgroups;

    public StatsReader(OciRuntime runtime, Cgroups cgroups) {
        this.runtime = runtime;
        this.cgroups = cgroups;
    }

    public ContainerStats read(String containerId) {
        Optional<RuncState> state = runtime.state(containerId);
        if (state.isEmpty()) {
            return new ContainerStats("absent", 0, 0, 0, 0, 0, 0);
        }
        RuncState s = state.get();
        return new ContainerStats(s.status(), s.pid(),
                cgroups.read("pids", containerId, "pids.current").orElse(0),
                cgroups.read("memory", containerId, "memory.usage_in_bytes").orElse(0),
                cgroups.read("memory", containerId, "memory.max_usage_in_bytes").orElse(0),
                cgroups.read("memory", containerId, "memory.limit_in_bytes").orElse(0),
                cgroups.read("cpuacct", containerId, "cpuacct.usage").orElse(0));
    }
}
