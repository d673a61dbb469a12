package dev.berth.container.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.ContainerStats;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;

/** Renders instance records in LXD's shapes. */
@ApplicationScoped
public class InstanceViews {

    @Inject
    ExecutorStats stats;

    /** The instance as LXD shows it; {@code profiles} are all profiles by name, to expand its settings. */
    public Instance instance(InstanceRecord r, Map<String, Profile> profiles) {
        Expanded expanded = ProfileService.expand(r.settings(), profiles);
        return new Instance("x86_64", r.config(), r.settings().devices(), false, r.settings().profiles(), false, "",
                r.createdAt(), expanded.config(), expanded.devices(), r.ref().name(), r.status().lxdStatus(),
                r.status().lxdCode(), r.lastUsedAt() == null ? java.time.Instant.EPOCH : r.lastUsedAt(), "none",
                "container", r.ref().project(), null, null, null);
    }

    public Instance full(InstanceRecord r, Map<String, Profile> profiles) {
        return instance(r, profiles).withState(state(r));
    }

    /** Every instance with its state, the live figures of each node read in one call. */
    public List<Instance> fullAll(List<InstanceRecord> records, Map<String, Profile> profiles) {
        Map<String, ContainerStats> live = new HashMap<>();
        records.stream().filter(r -> r.status().isActive())
                .collect(Collectors.groupingBy(InstanceRecord::node, Collectors.mapping(
                        r -> r.ref().containerId(), Collectors.toList())))
                .forEach((node, ids) -> live.putAll(stats.readAll(node, ids)));
        return records.stream().map(r -> instance(r, profiles).withState(state(r, live.get(r.ref().containerId()))))
                .toList();
    }

    public InstanceState state(InstanceRecord r) {
        return state(r, r.status().isActive() ? stats.read(r.node(), r.ref().containerId()).orElse(null) : null);
    }

    private static InstanceState state(InstanceRecord r, ContainerStats live) {
        if (!r.status().isActive()) {
            InstanceState s = InstanceState.stopped();
            return new InstanceState(r.status().lxdStatus(), r.status().lxdCode(), s.disk(), s.memory(),
                    s.network(), 0, 0, s.cpu());
        }
        long pid = live != null && live.pid() > 0 ? live.pid() : r.pid() == null ? 0 : r.pid();
        InstanceState.Memory memory = live == null
                ? new InstanceState.Memory(0, 0, 0, 0, 0)
                : new InstanceState.Memory(live.memoryUsage(), live.memoryPeak(), live.memoryLimit(), 0, 0);
        InstanceState.Cpu cpu = new InstanceState.Cpu(live == null ? 0 : live.cpuUsageNanos(), 0);
        Map<String, Object> network = live == null || live.network() == null ? Map.of() : Map.copyOf(live.network());
        return new InstanceState(r.status().lxdStatus(), r.status().lxdCode(), Map.of(), memory, network, pid,
                live == null ? 0 : live.processes(), cpu);
    }
}
