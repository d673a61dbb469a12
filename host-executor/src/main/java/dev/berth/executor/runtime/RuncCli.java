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
     * Creates the container under a new conmon. conmon's monitor sometimes dies before it reports (seen about once in
     * a few hundred starts, with nothing on its stderr, which it points at /dev/null once it daemonizes); the attempt
     * is then cleaned up and made once more, with what was found logged.
     */
    @Override
    public long create(CreateRequest request) {
        try {
            return createOnce(request);
        } catch (SilentConmonExit e) {
            LOG.warnf("%s; runc state: %s; retrying once", e.getMessage(), stateText(request.id()));
            delete(request.id(), true);
            try {
                return createOnce(request);
            } catch (SilentConmonExit again) {
                throw new ExecException(again.getMessage() + " (twice)");
            }
        }
    }

    /** conmon closed the sync pipe without a line. */
    private static final class SilentConmonExit extends RuntimeException {
        SilentConmonExit(String message) {
            super(message);
        }
    }

    private String stateText(String id) {
        try {
            return state(id).map(RuncState::status).orElse("none");
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private long createOnce(CreateRequest request) {
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
                throw new SilentConmonExit("conmon for " + request.id() + " exited"
                        + (process.isAlive() ? "" : " with status " + process.exitValue())
                        + " without reporting a pid: " + errorsOf(request.bundle()));
            }
            return parseSyncLine(request.id(), line);
        } finally {
            // conmon's monitor keeps fd 3 until the container exits: close our end rather than read to EOF.
            closeQuietly(process);
            awaitWrapper(process);
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
