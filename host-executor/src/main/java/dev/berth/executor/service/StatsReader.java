package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.executor.runtime.RuncState;
import dev.berth.executor.runtime.RuncStateFile;

/** Live figures for one container from runc's state file and its cgroup v1 files, without running runc. */
public final class StatsReader {
    /** The host's RAM, read once (not once per container of a listing). */
    private static final long HOST_MEMORY = hostMemoryBytes();
    private final Path runcRoot;
    private final Cgroups cgroups;

    public StatsReader(Path runcRoot, Cgroups cgroups) {
        this.runcRoot = runcRoot;
        this.cgroups = cgroups;
    }

    public ContainerStats read(String containerId) {
        Optional<RuncState> state = RuncStateFile.read(runcRoot, containerId);
        if (state.isEmpty()) {
            return new ContainerStats("absent", 0, 0, 0, 0, 0, 0);
        }
        RuncState s = state.get();
        return new ContainerStats(s.status(), s.pid(),
                cgroups.read("pids", containerId, "pids.current").orElse(0),
                cgroups.read("memory", containerId, "memory.usage_in_bytes").orElse(0),
                cgroups.read("memory", containerId, "memory.max_usage_in_bytes").orElse(0),
                visibleMemoryLimit(cgroups.read("memory", containerId, "memory.limit_in_bytes").orElse(0)),
                cgroups.read("cpuacct", containerId, "cpuacct.usage").orElse(0));
    }

    /** Without a limit cgroup v1 reports a huge page-rounded number; LXD shows the host's RAM instead. */
    static long visibleMemoryLimit(long cgroupLimit) {
        long host = HOST_MEMORY;
        return cgroupLimit <= 0 || (host > 0 && cgroupLimit > host) ? host : cgroupLimit;
    }

    static long hostMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
