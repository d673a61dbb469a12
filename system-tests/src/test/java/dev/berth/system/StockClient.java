package dev.berth.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stock client ({@code lxc} from Debian's lxd-client, {@code incus} from incus-client) against the test stack
 * with a home of its own, capturing stdout and stderr apart; the exit code is the caller's to check.
 */
final class StockClient {
    private StockClient() {
    }

    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** stdout then stderr, for checks on what the client printed wherever it printed it. */
        String output() {
            return out() + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout " + stdout.length + " bytes: "
                    + out().substring(0, Math.min(400, stdout.length)) + ", stderr: " + stderr;
        }
    }

    /** {@code lxc ARGS}, fed {@code stdin} (null: none), within {@code timeoutSeconds}. */
    static Result lxc(byte[] stdin, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        return run(command, stdin, timeoutSeconds);
    }

    /** {@code lxc ARGS} that must succeed; returns its stdout. */
    static String lxcOk(String... args) throws IOException, InterruptedException {
        Result r = lxc(null, 120, args);
        if (r.exit() != 0) {
            throw new AssertionError("lxc " + String.join(" ", args) + ": " + r);
        }
        return r.out();
    }

    /** {@code lxc ARGS} with a home of its own ({@code home}, where its remotes live), fed {@code stdin} (null: none). */
    static Result lxc(Path home, byte[] stdin, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        return run(command, stdin, timeoutSeconds, pb -> pb.environment().putAll(lxcEnvironment(home)));
    }

    /** The stock {@code incus} with config dir {@code conf} (also its HOME); its {@code local:} is the stack's socket. */
    static Result incus(Path conf, String... args) throws IOException, InterruptedException {
        return incus(conf, null, 120, args);
    }

    /** {@code incus ARGS} as {@link #incus(Path, String...)}, fed {@code stdin} (null: none). */
    static Result incus(Path conf, byte[] stdin, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("incus"));
        command.addAll(List.of(args));
        return run(command, stdin, timeoutSeconds, pb -> pb.environment().putAll(incusEnvironment(conf)));
    }

    /** What {@code incus} needs to use {@code conf} as its config dir and the stack's socket as {@code local:}. */
    static java.util.Map<String, String> incusEnvironment(Path conf) {
        return java.util.Map.of("INCUS_CONF", conf.toString(), "HOME", conf.toString(), "INCUS_SOCKET",
                Stack.SOCKET.toString());
    }

    /** What {@code lxc} needs to use {@code home} for its config and the stack's socket as {@code local:}. */
    static java.util.Map<String, String> lxcEnvironment(Path home) {
        return java.util.Map.of("HOME", home.toString(), "LXD_DIR", Stack.STATE.toString());
    }

    /** {@code incus ARGS} that must succeed; returns its stdout. */
    static String incusOk(Path conf, String... args) throws IOException, InterruptedException {
        Result r = incus(conf, args);
        if (r.exit() != 0) {
            throw new AssertionError("incus " + String.join(" ", args) + ": " + r);
        }
        return r.out();
    }

    /** {@code lxc ARGS} under {@code script}, so that it has a terminal and execs interactively. */
    static Result lxcWithTerminal(int timeoutSeconds, String shellLine) throws IOException, InterruptedException {
        return run(List.of("script", "-qec", shellLine, "/dev/null"), null, timeoutSeconds);
    }

    /** Starts {@code lxc ARGS} without waiting; the caller stops it. */
    static Process start(Path stdout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        environment(pb);
        return pb.start();
    }

    /** Starts any stock client as {@code command} with {@code env}, its stdout to a file, without waiting. */
    static Process start(java.util.Map<String, String> env, Path stdout, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Any stock client ({@code incus}, {@code lxc}) as {@code command}, with {@code env} over the test's environment,
     * no stdin, within {@code timeoutSeconds}.
     */
    static Result run(java.util.Map<String, String> env, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        return run(List.of(command), null, timeoutSeconds, pb -> pb.environment().putAll(env));
    }

    private static Result run(List<String> command, byte[] stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        return run(command, stdin, timeoutSeconds, StockClient::environment);
    }

    private interface Environment {
        void apply(ProcessBuilder pb) throws IOException;
    }

    private static Result run(List<String> command, byte[] stdin, int timeoutSeconds, Environment environment)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.apply(pb);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static void environment(ProcessBuilder pb) throws IOException {
        Path home = Stack.STATE.resolve("lxc-home");
        Files.createDirectories(home);
        pb.environment().put("LXD_DIR", Stack.STATE.toString());
        pb.environment().put("HOME", home.toString());
    }

    private static byte[] drain(InputStream in) {
        try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
