package dev.berth.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell around conmon, against a stub conmon that daemonizes as the real one does. */
class ConmonConfigTest {
    @TempDir
    Path tmp;

    @Test
    void shouldHandOverTheMonitorsLineWhenItComesAfterTheFirstProcessExited() throws Exception {
        // Given a conmon whose first process exits at once and whose monitor writes the sync line a moment later
        Path written = tmp.resolve("monitor-wrote");
        Path conmon = tmp.resolve("conmon");
        Files.writeString(conmon, """
                #!/bin/sh
                ( sleep 0.3; echo '{"data": 4242}' >&3 && touch %s ) &
                exit 0
                """.formatted(written));
        Files.setPosixFilePermissions(conmon, PosixFilePermissions.fromString("rwx------"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        ConmonConfig config = new ConmonConfig(conmon, tmp.resolve("exits"), tmp.resolve("socks"), 1024);
        OciRuntime.CreateRequest request = new OciRuntime.CreateRequest("c1", bundle, bundle.resolve("pid"),
                bundle.resolve("conmon.pid"), bundle.resolve("console.log"));

        // When the process has exited before anyone read its stdout (a busy executor's reader starts late)
        Process process = new ProcessBuilder(config.argv(new RuncGlobal(Path.of("/usr/sbin/runc"), tmp), request))
                .directory(bundle.toFile()).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String line;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }

        // Then the line still arrives, and the monitor was not killed writing it
        assertThat(line).isEqualTo("{\"data\": 4242}");
        // the monitor goes on after its write (it may still be between echo and touch when the line arrives)
        for (int i = 0; i < 100 && !Files.exists(written); i++) {
            Thread.sleep(50);
        }
        assertThat(written).exists();
        assertThat(RuncCli.parseSyncLine("c1", line)).isEqualTo(4242);
    }
}
