package dev.berth.executor.proc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands the one safe way: stdin from /dev/null, stdout and stderr captured, a hard timeout.
 * The JVM only ever waits for its own children (never {@code waitpid(-1)}), so exit codes are trustworthy.
 */
public final class Exec {
    private static final File DEV_NULL = new File("/dev/null");
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-reader");
        t.setDaemon(true);
        return t;
    });

    private Exec() {
    }

    public static ExecResult run(List<String> command, Duration timeout) {
        return finish(start(new ProcessBuilder(command), command), command, timeout);
    }

    /**
     * Runs {@code command} with {@code input} on its stdin, for tools that read a whole script at once
     * ({@code ip -batch -}, {@code nft -f -}): one process instead of one per step.
     */
    public static ExecResult run(List<String> command, String input, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ExecException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The tool exited before reading everything; its exit code and stderr below say why.
        }
        return finish(process, out, err, command, timeout);
    }

    private static ExecResult finish(Process process, List<String> command, Duration timeout) {
        return finish(process, drain(process.getInputStream()), drain(process.getErrorStream()), command, timeout);
    }

    /** Waits for the process (killed after {@code timeout}) and collects what it printed. */
    private static ExecResult finish(Process process, CompletableFuture<String> out, CompletableFuture<String> err,
            List<String> command, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ExecException(command.get(0) + " timed out after " + timeout.toMillis() + " ms: " + command);
            }
            return new ExecResult(command, process.exitValue(), out.get(5, TimeUnit.SECONDS),
                    err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ExecException("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ExecException("cannot read the output of " + command, e);
        }
    }

    /** Starts a process with stdin from /dev/null; the caller owns its streams. */
    public static Process start(ProcessBuilder builder, List<String> command) {
        try {
            return builder.redirectInput(DEV_NULL).start();
        } catch (IOException e) {
            throw new ExecException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Reads one line of {@code in}, or returns null at EOF; gives up after {@code timeout}. */
    public static String readLine(InputStream in, Duration timeout) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while reading a line", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ExecException("cannot read a line: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecException("no line within " + timeout.toMillis() + " ms", e);
        }
    }

    /** Reads all of {@code in} in the background. */
    public static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
    }
}
