package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;

/**
 * pylxd 2.2.10 from Debian's {@code python3-pylxd} (the library under nova-lxd) drives Berth over the Unix socket
 * through the legacy {@code /1.0/containers} aliases: create, list, get, state, start, execute, stop, rename, delete.
 */
@ExtendWith(Stack.class)
class PylxdIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-pylxd-a", "it-pylxd-b")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldDriveContainersThroughTheLegacyAliasesWhenPylxdAsks() throws Exception {
        // Given the stock pylxd and a script of what nova-lxd does with it
        Path script = Path.of(PylxdIT.class.getResource("/pylxd_containers.py").toURI());

        // When it runs against the stack's socket (Debian's python, where python3-pylxd lives)
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), Stack.SOCKET.toString(), "it-pylxd")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();

        // Then every step succeeded
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("ok   GET /1.0/containers lists", "ok   rename(wait=True) renames it",
                        "ok   execute() gives exit code",
                        "ok   execute() passes environment and stdin",
                        "ok   delete(wait=True) removes it", "done")
                .doesNotContain("FAIL");
    }
}
