package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.config.ExecutorPaths;

/**
 * Notices OOM kills: every interval it reads the {@code oom_kill} counter of each container's memory cgroup and emits
 * ContainerOomKilled when it grew. The first scan only learns the counters (kills before a restart were reported
 * then); a container first seen later with kills is reported at once.
 */
public final class OomWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OomWatcher.class);

    private final String node;
    private final ExecutorPaths paths;
    private final EventSink sink;
    private final Map<String, Long> seen = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "oom-watcher");
        t.setDaemon(true);
        return t;
    });
    private boolean learnt;

    public OomWatcher(String node, ExecutorPaths paths, EventSink sink) {
        this.node = node;
        this.paths = paths;
        this.sink = sink;
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                scan();
            } catch (RuntimeException e) {
                LOG.warnf("OOM scan failed: %s", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over the memory cgroups; package-visible so tests can drive it without the timer. */
    synchronized void scan() {
        Path parent = paths.cgroupRoot().resolve("memory").resolve(ExecutorPaths.CGROUP_PARENT);
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path group : groups) {
                String id = group.getFileName().toString();
                present.add(id);
                long kills = oomKills(group);
                Long before = seen.put(id, kills);
                long previous = before != null ? before : learnt ? 0 : kills;
                if (kills > previous) {
                    emit(id, kills);
                }
            }
        } catch (IOException e) {
            // no container has run on this node yet
        }
        seen.keySet().retainAll(present);
        learnt = true;
    }

    private static long oomKills(Path group) {
        try {
            for (String line : Files.readAllLines(group.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the group went away meanwhile
        }
        return 0;
    }

    private void emit(String containerId, long kills) {
        InstanceRef ref = InstanceRef.ofContainerId(containerId);
        String project = ref.project();
        String name = ref.name();
        LOG.infof("%s: OOM kill (%d so far)", containerId, kills);
        sink.emit(List.of(new Message<>(Envelope.root(null, project),
                new HostEvent.ContainerOomKilled(node, project, name, kills))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
