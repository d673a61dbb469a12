package dev.berth.executor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecException;
import dev.berth.executor.proc.ExecResult;

/** {@link OciRuntime} backed by the runc binary, with one conmon per container as its monitor. */
public final class RuncCli implements OciRuntime {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RuncCli.class);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final RuncGlobal global;
    private final ConmonConfig conmon;

    public RuncCli(RuncGlobal global, ConmonConfig conmon) {
        this.global = global;
        this.conmon = conmon;
    }

    public RuncGlobal global() {
        return global;
    }

    /**
     * Creates the container under a new conmon and returns the init's pid. Should the pipe close without a line
     * (it did, about once in a few hundred starts, while the JDK closed our end of conmon's own sync pipe as soon as
     * conmon's first process exited; {@link ConmonConfig#argv} now relays the line), the outcome is read from runc
     * itself rather than from the pipe.
     */
    @Override
    public long create(CreateRequest request) {
        try {
            Files.createDirectories(global.root());
            Files.createDirectories(conmon.exitDir());
            Files.createDirectories(conmon.socketDir());
        } catch (IOException e) {
            throw new ExecException("cannot create the runtime dirs: " + e.getMessage(), e);
        }
        List<String> argv = conmon.argv(global, request);
        // conmon writes an "oom" marker into its working directory when the container is OOM-killed: keep it in the
        // bundle, which goes with the container, not in whatever directory the executor was started from.
        Process process = Exec.start(new ProcessBuilder(argv).directory(request.bundle().toFile()), argv);
        Exec.drain(process.getErrorStream());
        try {
            String line = Exec.readLine(process.getInputStream(), CREATE_TIMEOUT);
            if (line == null) {
                awaitWrapper(process);
                return outcomeWithoutSyncLine(request,
                        process.isAlive() ? "still running" : "exited with status " + process.exitValue());
            }
            return parseSyncLine(request.id(), line);
        } finally {
            // conmon's monitor keeps fd 3 until the container exits: close our end rather than read to EOF.
            closeQuietly(process);
            awaitWrapper(process);
        }
    }

    /**
     * The pipe closed without a line: waits until runc has the container (its pid is the answer) or conmon's
     * monitor is gone without one (a failure, with what conmon wrote to stderr).
     */
    private long outcomeWithoutSyncLine(CreateRequest request, String wrapper) {
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        long goneSince = 0;
        while (System.nanoTime() < deadline) {
            Optional<RuncState> state = state(request.id());
            if (state.isPresent() && state.get().pid() > 0) {
                LOG.warnf("conmon for %s closed its sync pipe without a line (wrapper %s); runc has it %s, pid %d",
                        request.id(), wrapper, state.get().status(), state.get().pid());
                return state.get().pid();
            }
            if (!monitorAlive(request.conmonPidFile())) {
                // runc may still be finishing the create conmon started: give it a moment before giving up
                goneSince = goneSince == 0 ? System.nanoTime() : goneSince;
                if (System.nanoTime() - goneSince > TimeUnit.SECONDS.toNanos(1)) {
                    throw new ExecException("conmon for " + request.id() + " exited (wrapper " + wrapper
                            + ") without reporting a pid and runc has no container: " + errorsOf(request.bundle()));
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecException("interrupted while waiting for runc create of " + request.id(), e);
            }
        }
        throw new ExecException("runc create of " + request.id() + " did not finish within " + CREATE_TIMEOUT);
    }

    /** Whether the conmon whose pid is in {@code pidFile} still runs. */
    private static boolean monitorAlive(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).strip();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            int close = stat.lastIndexOf(')');
            return stat.substring(stat.indexOf('(') + 1, close).equals("conmon") && stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The end of what conmon wrote to stderr in {@code bundle}. */
    static String errorsOf(Path bundle) {
        try {
            String text = Files.readString(bundle.resolve(ConmonConfig.ERRORS)).strip();
            return text.isEmpty() ? "it printed nothing" : text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "no " + ConmonConfig.ERRORS + " (" + e.getMessage() + ")";
        }
    }

    /** Parses conmon's sync line: {@code {"data": pid}} or {@code {"data": -1, "message": "..."}}. */
    static long parseSyncLine(String id, String line) {
        if (line == null) {
            throw new ExecException("conmon for " + id + " exited without reporting a pid");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new ExecException("conmon for " + id + " printed an unexpected line: " + line);
        }
        long pid = node.path("data").asLong(-1);
        if (pid <= 0) {
            String message = node.path("message").asText("no message").strip();
            throw new ExecException("runc create " + id + " failed: " + message);
        }
        return pid;
    }

    @Override
    public void start(String id) {
        call(new RuncArgs.Start(id)).orThrow("runc start " + id);
    }

    @Override
    public void kill(String id, String signal) {
        call(new RuncArgs.Kill(id, signal)).orThrow("runc kill " + id + " " + signal);
    }

    @Override
    public void update(String id, Path resources) {
        call(new RuncArgs.Update(id, resources)).orThrow("runc update " + id);
    }

    @Override
    public Optional<RuncState> state(String id) {
        if (!known(id)) {
            return Optional.empty();
        }
        ExecResult result = call(new RuncArgs.State(id));
        if (!result.ok()) {
            if (missing(result)) {
                return Optional.empty();
            }
            result.orThrow("runc state " + id);
        }
        return Optional.of(RuncStateParser.parse(result.stdout()));
    }

    @Override
    public void delete(String id, boolean force) {
        if (!known(id)) {
            return;
        }
        ExecResult result = call(new RuncArgs.Delete(id, force));
        if (!result.ok() && !missing(result)) {
            result.orThrow("runc delete " + id);
        }
    }

    private ExecResult call(RuncArgs args) {
        List<String> command = new ArrayList<>(global.prefix());
        command.addAll(args.render());
        return Exec.run(command, CALL_TIMEOUT);
    }

    /** runc keeps {@code <root>/<id>/state.json}; without the dir there is no container, and no exec is needed. */
    private boolean known(String id) {
        return Files.isDirectory(global.root().resolve(id));
    }

    private static boolean missing(ExecResult result) {
        return result.errorText().contains("does not exist");
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // nothing to do: the stream is gone either way
        }
    }

    private static void awaitWrapper(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
