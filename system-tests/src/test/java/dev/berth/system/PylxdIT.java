package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;

/**
 * pylxd 2.2.10 from Debian's {@code python3-pylxd} (the library under nova-lxd) drives Berth over the Unix socket
 * through the legacy {@code /1.0/containers} aliases: create, list, get, state, start, execute, stop, rename, delete, and the
 * files of a running container ({@code files.put}, {@code files.get}).
 */
@ExtendWith(Stack.class)
class PylxdIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-pylxd-a", "it-pylxd-b", "it-pylxd-files")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldDriveContainersThroughTheLegacyAliasesWhenPylxdAsks() throws Exception {
        // Given the stock pylxd and a script of what nova-lxd does with it
        Path script = Path.of(PylxdIT.class.getResource("/pylxd_containers.py").toURI());

        // When it runs against the stack's socket
        String out = python(script.toString(), Stack.SOCKET.toString(), "it-pylxd");

        // Then every step succeeded
        assertThat(out)
                .contains("ok   GET /1.0/containers lists", "ok   rename(wait=True) renames it",
                        "ok   execute() gives exit code",
                        "ok   execute() passes environment and stdin",
                        "ok   delete(wait=True) removes it", "done")
                .doesNotContain("FAIL");
    }

    @Test
    void shouldPutAndGetFilesKeepingModeAndOwnerWhenPylxdMovesThem() throws Exception {
        // Given a running container
        Instances.launch(api, "it-pylxd-files", Map.of());
        Path script = Path.of(PylxdIT.class.getResource("/pylxd_files.py").toURI());

        // When pylxd puts files into it (one with a mode and owner) and gets them back
        String out = python(script.toString(), Stack.SOCKET.toString(), "it-pylxd-files");

        // Then the round trips kept the bytes, and the container sees the mode and owner pylxd asked for
        assertThat(out).contains("ok   files.get reads the same 1048581 bytes back", "ok   files.put of a str", "done")
                .doesNotContain("FAIL");
        Host.Result stat = Instances.execAny("it-pylxd-files", "stat", "-c", "%u %g %a %s", "/root/blob.bin");
        assertThat(stat.output().strip()).isEqualTo("1000 1001 640 1048581");
        assertThat(Instances.execAny("it-pylxd-files", "cat", "/root/note.txt").output()).isEqualTo(
                "text from pylxd\n");
    }

    /** Runs a script with Debian's python, where python3-pylxd lives; fails unless it exits 0; returns its output. */
    private static String python(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
