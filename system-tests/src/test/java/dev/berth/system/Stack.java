package dev.berth.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.UnixHttpClient;

/**
 * Starts the whole Berth stack once for all system tests, with {@code infra/stack-up.sh} on a private state dir, and
 * stops it after the last one. Kafka and PostgreSQL are whatever {@code infra/test.sh} started (or reused).
 */
public class Stack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path STATE = Path.of(System.getenv().getOrDefault("BERTH_TEST_STATE", "/tmp/berth-systest"))
            .resolve("stack");
    static final Path SOCKET = STATE.resolve("unix.socket");
    static final String RUNC_ROOT = "/run/berth/runc";

    private static boolean started;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (!started) {
            Files.createDirectories(STATE);
            script("stack-up.sh");
            started = true;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("berth-stack", this);
        }
    }

    /** Stops the stack, then fails the run if the tests left any kernel state or process of theirs behind. */
    @Override
    public void close() throws Exception {
        script("stack-down.sh", "--keep-infra", "--purge-networks");
        List<String> leaks = new java.util.ArrayList<>();
        Host.runcContainers().stream().filter(id -> id.startsWith("default_it-"))
                .forEach(id -> leaks.add("runc container " + id));
        Host.mountsUnder(STATE).forEach(m -> leaks.add("mount " + m));
        for (String controller : List.of("memory", "pids", "cpu", "cpuset", "freezer", "devices", "blkio")) {
            Path parent = Path.of("/sys/fs/cgroup", controller, "berth");
            if (Files.isDirectory(parent)) {
                try (var dirs = Files.list(parent)) {
                    dirs.filter(d -> d.getFileName().toString().startsWith("default_it-"))
                            .forEach(d -> leaks.add("cgroup " + d));
                }
            }
        }
        for (String line : Host.run("ip", "-br", "link", "show", "type", "bridge").lines().toList()) {
            String bridge = line.split("\\s+")[0];
            if (bridge.startsWith("berthbr") || bridge.startsWith("it-")) {
                leaks.add("bridge " + bridge);
            }
        }
        for (String line : Host.run("nft", "list", "tables").lines().toList()) {
            if (line.contains(" berth-berthbr") || line.contains(" berth-it-")) {
                leaks.add("nftables " + line.strip());
            }
        }
        for (String line : Host.run("ip", "-br", "link", "show", "type", "veth").lines().toList()) {
            String veth = line.split("[\\s@]+")[0];
            if (veth.startsWith("vb") || veth.startsWith("it-")) {
                leaks.add("veth " + veth);
            }
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(STATE.toString()))
                .orElse(false)).forEach(p -> leaks.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        if (!leaks.isEmpty()) {
            throw new AssertionError("the system tests left behind:\n  " + String.join("\n  ", leaks));
        }
    }

    /** Runs one of the infra scripts against the test state dir and fails on a non-zero exit. */
    static void script(String name, String... args) throws IOException, InterruptedException {
        script(Map.of(), name, args);
    }

    /** As {@link #script(String, String...)}, with extra environment for the script and what it starts. */
    static void script(Map<String, String> extraEnv, String name, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", ROOT.resolve("infra").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.putAll(extraEnv);
        env.put("BERTH_STATE_DIR", STATE.toString());
        env.put("BERTH_SOCKET", SOCKET.toString());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 300 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + p.exitValue());
        }
    }

    /**
     * The {@code Authorization} header value internal calls and trusted loopback HTTP need: the internal token the
     * services made in the state dir on their first start.
     */
    static String authorization() {
        try {
            return "Bearer " + Files.readString(STATE.resolve("internal.token")).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static LxdClient client() {
        return new LxdClient(new UnixHttpClient(SOCKET, Duration.ofSeconds(120)));
    }

    static UnixHttpClient http() {
        return new UnixHttpClient(SOCKET, Duration.ofSeconds(120));
    }
}
