package dev.berth.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/** Looks at the host the way an operator would: runc, cgroups, mounts, processes. */
final class Host {
    private Host() {
    }

    /** {@code runc state} of a container, or empty when runc does not know it. */
    static Optional<JsonNode> runcState(String containerId) {
        String out = run("runc", "--root", Stack.RUNC_ROOT, "state", containerId);
        if (out == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(out));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<String> runcContainers() {
        String out = run("runc", "--root", Stack.RUNC_ROOT, "list", "-q");
        return out == null ? List.of() : out.lines().filter(l -> !l.isBlank()).toList();
    }

    static Path cgroup(String controller, String containerId) {
        return Path.of("/sys/fs/cgroup", controller, "berth", containerId);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Every mount (overlay roots, idmapped image binds) below {@code dir}. */
    static List<String> mountsUnder(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .filter(l -> l.split(" ")[1].startsWith(dir.toString() + "/")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void kill(long pid, String signal) {
        if (run("kill", "-" + signal, Long.toString(pid)) == null) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Runs a command; returns its stdout, or null when it exits non-zero. */
    /** A finished host command: its exit status and its stdout and stderr together. */
    record Result(int code, String output) {
    }

    /** Runs a command and reports how it ended, failures included. */
    static Result runAny(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
