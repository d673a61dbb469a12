package dev.berth.executor.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.jboss.logging.Logger;

import dev.berth.contracts.exec.ExecStart;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.executor.config.ExecutorPaths;
import dev.berth.executor.messaging.OperationOutcomes;
import dev.berth.executor.runtime.RuncGlobal;
import dev.berth.executor.runtime.RuncState;
import dev.berth.executor.runtime.RuncStateFile;
import io.vertx.core.Vertx;

/** The execs of this node, by operation id, from the gateway's request until their outcome is published. */
@ApplicationScoped
public class ExecSessions {
    private static final Logger LOG = Logger.getLogger(ExecSessions.class);

    @Inject
    ExecutorPaths paths;
    @Inject
    OperationOutcomes outcomes;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "berth.executor.runc")
    String runc;
    /** How long an exec waits for its websockets, as LXD does, before it fails. */
    @ConfigProperty(name = "berth.executor.exec-attach-timeout", defaultValue = "10s")
    Duration attachTimeout;

    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-io");
        t.setDaemon(true);
        return t;
    });

    public void open(ExecStart start) {
        if (start.operationId() == null || !start.operationId().matches("[A-Za-z0-9-]+")) {
            throw new ExecRefused(400, "Invalid operation id");
        }
        if (start.containerId() == null || !start.containerId().matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new ExecRefused(400, "Invalid container id");
        }
        if (start.command() == null || start.command().isEmpty()) {
            throw new ExecRefused(400, "Invalid command: it must not be empty");
        }
        Optional<RuncState> state = RuncStateFile.read(paths.runcRoot(), start.containerId());
        if (state.isEmpty() || !state.get().running()) {
            throw new ExecRefused(400, "Instance is not running");
        }
        Path logs = paths.runDir().resolve("exec");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new ExecRefused(500, "Cannot create " + logs + ": " + e.getMessage());
        }
        ExecSession session = new ExecSession(start, new RuncGlobal(Path.of(runc), paths.runcRoot()),
                logs.resolve(start.operationId() + ".json"), outputDir(start.containerId()), io, this::ended);
        if (sessions.putIfAbsent(start.operationId(), session) != null) {
            throw new ExecRefused(409, "Operation " + start.operationId() + " already has an exec");
        }
        if (start.websockets()) {
            vertx.setTimer(attachTimeout.toMillis(), id -> io.execute(session::expire));
        } else {
            session.launch();
        }
    }

    public Optional<ExecSession> find(String operationId) {
        return Optional.ofNullable(sessions.get(operationId));
    }

    /** Where record-output mode keeps a container's exec output; it goes when the container does. */
    public Path outputDir(String containerId) {
        return paths.container(containerId).dir().resolve("exec-output");
    }

    private void ended(ExecSession session, OperationEvent outcome) {
        String id = session.start.operationId();
        try {
            outcomes.publish(session.start.project(), outcome, session.trace());
        } finally {
            sessions.remove(id);
            try {
                Files.deleteIfExists(paths.runDir().resolve("exec").resolve(id + ".json"));
            } catch (IOException e) {
                LOG.debugf("exec %s: runc log kept: %s", id, e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        io.shutdownNow();
    }
}
