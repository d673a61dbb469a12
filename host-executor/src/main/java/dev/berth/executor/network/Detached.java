package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecException;

/**
 * Runs a long-lived process as a daemon of its own, not as a child of the JVM: {@code setsid --fork} starts it in a
 * new session (so it is its own process group, which {@link #stop} signals whole, forked children included) and
 * exits at once, leaving it to be reparented. It writes its own pid file before exec'ing the command, so the pid is
 * the command's even though the JVM never saw it. It survives an executor restart, as dnsmasq does.
 */
final class Detached {
    private static final Duration LAUNCH = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /**
     * $1 the pid file, $2 a path to open as fd 3 (or empty), then the command. umask 077 keeps the sockets the command
     * creates root's own.
     */
    private static final String SCRIPT = "umask 077; echo $$ >\"$1\" || exit 1; "
            + "if [ -n \"$2\" ]; then exec 3<\"$2\" || exit 1; fi; shift 2; exec \"$@\"";

    private Detached() {
    }

    /**
     * Starts {@code command} in {@code dir} with its stderr appended to {@code log}, and {@code fd3} (nullable) open
     * as its fd 3; returns once it is forked away, not once it is ready (see {@link #awaitReady}).
     */
    static void launch(List<String> command, Path dir, Path pidFile, Path log, Path fd3) {
        List<String> full = new ArrayList<>(List.of(NetTools.find("setsid").toString(), "--fork", "/bin/sh", "-c",
                SCRIPT, "sh", pidFile.toString(), fd3 == null ? "" : fd3.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process setsid;
        try {
            setsid = Exec.start(builder, full);
        } catch (ExecException e) {
            throw NetworkException.internal(e.getMessage(), e);
        }
        try {
            if (!setsid.waitFor(LAUNCH.toMillis(), TimeUnit.MILLISECONDS)) {
                setsid.destroyForcibly();
                throw NetworkException.internal("setsid did not return within " + LAUNCH.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NetworkException.internal("interrupted while starting " + command.get(0), e);
        }
        if (setsid.exitValue() != 0) {
            throw NetworkException.internal("setsid failed (exit " + setsid.exitValue() + ") for " + command);
        }
    }

    /**
     * Waits until the process named by {@code pidFile} passes {@code ready}. Returns its pid; empty when it died or
     * did not get ready within {@code timeout} (it is then stopped, so nothing is left running).
     */
    static OptionalLong awaitReady(Path pidFile, LongPredicate ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        OptionalLong pid = OptionalLong.empty();
        while (System.nanoTime() < deadline) {
            if (pid.isEmpty()) {
                pid = readPid(pidFile);
            }
            if (pid.isPresent()) {
                if (ready.test(pid.getAsLong())) {
                    return pid;
                }
                if (!exists(pid.getAsLong())) {
                    return OptionalLong.empty();
                }
            }
            pause(pidFile);
        }
        // Not ready in time. The pid file is the one this launch wrote and the process still exists, so it is
        // ours even if it has not reached its final command line; it leads its own group.
        if (pid.isPresent() && exists(pid.getAsLong())) {
            stop(pid.getAsLong(), pidFile.toString());
        }
        return OptionalLong.empty();
    }

    /**
     * True while the process exists and has not exited. Unlike {@link Signals#alive} this does not read its command
     * line, which is briefly empty while it execs (sh to nsenter to socat here).
     */
    static boolean exists(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The pid in {@code pidFile}; empty when it is missing or not (yet) a whole number. */
    static OptionalLong readPid(Path pidFile) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Stops the process group led by {@code pid}: SIGTERM, then SIGKILL after 5 s. The caller has checked that
     * {@code pid} is still the daemon it started (pids are reused).
     */
    static void stop(long pid, String what) {
        Signals.send(-pid, Signals.SIGTERM);
        if (!waitForExit(pid, STOP_WAIT)) {
            Signals.send(-pid, Signals.SIGKILL);
            if (!waitForExit(pid, STOP_WAIT)) {
                throw NetworkException.internal(what + " (pid " + pid + ") does not die");
            }
        }
    }

    private static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (exists(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(pid);
        }
        return true;
    }

    private static void pause(Object what) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NetworkException.internal("interrupted while waiting for " + what, e);
        }
    }
}
