package dev.berth.executor.exec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.contracts.exec.ConsoleStart;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.config.ExecutorPaths;
import dev.berth.executor.messaging.OperationOutcomes;
import dev.berth.executor.runtime.RuncState;
import dev.berth.executor.runtime.RuncStateFile;
import io.vertx.core.Vertx;

/**
 * The console attaches of this node, by operation id. As in LXD, several clients may watch one console at once
 * (conmon relays the pty to every attach socket client); each is its own session.
 */
@ApplicationScoped
public class ConsoleSessions {
    @Inject
    ExecutorPaths paths;
    @Inject
    OperationOutcomes outcomes;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "berth.executor.exec-attach-timeout", defaultValue = "10s")
    Duration attachTimeout;

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "console-io");
        t.setDaemon(true);
        return t;
    });

    public void open(ConsoleStart start) {
        if (start.operationId() == null || !start.operationId().matches("[A-Za-z0-9-]+")) {
            throw new ExecRefused(400, "Invalid operation id");
        }
        if (start.containerId() == null || !start.containerId().matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new ExecRefused(400, "Invalid container id");
        }
        Optional<RuncState> state = RuncStateFile.read(paths.runcRoot(), start.containerId());
        if (state.isEmpty() || !state.get().running()) {
            throw new ExecRefused(400, "Instance is not running");
        }
        ContainerLayout layout = paths.container(start.containerId());
        if (!layout.attachSocket().toFile().exists()) {
            throw new ExecRefused(400, "Instance has no console to attach to");
        }
        ConsoleSession session = new ConsoleSession(start, layout.attachSocket(), layout.controlFifo(), io,
                this::ended);
        if (sessions.putIfAbsent(start.operationId(), session) != null) {
            throw new ExecRefused(409, "Operation " + start.operationId() + " already has a console");
        }
        vertx.setTimer(attachTimeout.toMillis(), id -> session.expire());
    }

    Optional<ConsoleSession> find(String operationId) {
        return Optional.ofNullable(sessions.get(operationId));
    }

    private void ended(ConsoleSession session, OperationEvent outcome) {
        try {
            outcomes.publish(session.start.project(), outcome, Map.of());
        } finally {
            sessions.remove(session.start.operationId());
        }
    }

    @PreDestroy
    void stop() {
        io.shutdownNow();
    }
}
