package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecResult;

/**
 * Stands in for a container: a {@code sleep infinity} in a network namespace of its own ({@code unshare -n}), whose
 * pid plays the container init. Killing it destroys the namespace and so the veth peer inside.
 */
final class FakeContainer implements AutoCloseable {
    private final Process process;

    private FakeContainer(Process process) {
        this.process = process;
    }

    static FakeContainer start() throws IOException {
        String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Process p = new ProcessBuilder("/usr/bin/unshare", "-n", "/usr/bin/sleep", "infinity")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path ns = Path.of("/proc", Long.toString(p.pid()), "ns", "net");
        // unshare(2) happens before the exec of sleep; until then the pid is still in the host's namespace.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> !Files.readSymbolicLink(ns).toString().equals(self));
        return new FakeContainer(p);
    }

    long pid() {
        return process.pid();
    }

    /** Runs a command inside the namespace (and only the network namespace: the files are the host's). */
    ExecResult exec(String... command) {
        List<String> full = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(pid()), "-n"));
        full.addAll(List.of(command));
        return Exec.run(full, Duration.ofSeconds(30));
    }

    /** Starts a command inside the namespace without waiting for it. */
    Process spawn(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(pid()), "-n"));
        full.addAll(List.of(command));
        return new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** One ping to {@code address}; true when it was answered within a second. */
    boolean ping(String address) {
        return exec("/bin/busybox", "ping", "-c", "1", "-W", "1", address).ok();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
