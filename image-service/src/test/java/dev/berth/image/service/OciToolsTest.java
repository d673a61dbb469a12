package dev.berth.image.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.InvalidRequestException;

/** The tool runner: a hanging tool is killed at the timeout, a failing one is reported with its output. */
class OciToolsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldKillTheToolAndAnswer400WhenItOutlivesTheTimeout() throws Exception {
        // Given a skopeo that hangs
        OciTools tools = new OciTools(config(script("hang", "exec sleep 60"), Duration.ofMillis(500)), tmp);

        // When
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> tools.copyToLayout(tmp.resolve("in.tar"), false, tmp.resolve("oci")))
                // Then
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid OCI image: skopeo copy did not finish within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldReportTheToolsLastWordsWhenItFails() throws Exception {
        // Given a skopeo that refuses the archive
        OciTools tools = new OciTools(config(script("fail", "echo 'manifest unknown' >&2; exit 3"),
                Duration.ofSeconds(30)), tmp);

        // When / Then
        assertThatThrownBy(() -> tools.copyToLayout(tmp.resolve("in.tar"), true, tmp.resolve("oci")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid OCI image: skopeo copy failed (exit 3): manifest unknown");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tool-"));
        }
    }

    private Path script(String name, String body) throws Exception {
        Path script = tmp.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static BerthConfig.Oci config(Path skopeo, Duration timeout) {
        return new BerthConfig.Oci() {
            @Override
            public String skopeo() {
                return skopeo.toString();
            }

            @Override
            public String umoci() {
                return "/usr/bin/umoci";
            }

            @Override
            public String tar() {
                return "/bin/tar";
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }
}
