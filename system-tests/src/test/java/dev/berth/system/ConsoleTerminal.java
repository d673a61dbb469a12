package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A stock client's {@code console} run under {@code script}, so it has a terminal; its output collected as it comes.
 */
final class ConsoleTerminal implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Process process;
    private final OutputStream keys;
    private final StringBuffer output = new StringBuffer();

    private ConsoleTerminal(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                output.append("\n[read failed: ").append(e).append("]");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    static ConsoleTerminal start(Map<String, String> env, String commandLine) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qfec", commandLine, "/dev/null"))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ConsoleTerminal(pb.start());
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    void await(String wanted) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(output.toString()).contains(wanted));
    }

    /**
     * ctrl+a, then q. The clients read their terminal a byte at a time and look only at the first byte read, so the
     * two keys must reach them as two reads, as they do when a person types them.
     */
    void detach() throws IOException, InterruptedException {
        type("\u0001");
        Thread.sleep(500);
        type("q");
    }

    String output() {
        return output.toString();
    }

    int exit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the client ends: " + output).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
