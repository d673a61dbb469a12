package dev.berth.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.executor.proc.ExecException;

/** RuncCli against a stub runc script that logs its argv and answers like runc 1.1.5. */
class RuncCliTest {
    @TempDir
    Path tmp;

    private Path argsLog;
    private RuncCli runc;

    @BeforeEach
    void setUp() throws IOException {
        argsLog = tmp.resolve("args.log");
        Path stub = tmp.resolve("runc");
        Files.writeString(stub,
                """
                        #!/bin/sh
                        echo "$@" >> %s
                        case "$3 $4" in
                          "state c1") echo '{"ociVersion":"1.0.2-dev","id":"c1","pid":4242,"status":"running","bundle":"/b/c1","rootfs":"/b/c1/rootfs","created":"2026-11-25T20:00:00Z","owner":""}' ;;
                          "state gone") echo 'time="x" level=error msg="container does not exist"' >&2; exit 1 ;;
                          "kill c1") [ "$5" = "SIGPWR" ] || { echo "bad signal" >&2; exit 1; } ;;
                          "start broken") echo 'cannot start a container that has stopped' >&2; exit 1 ;;
                        esac
                        """
                        .formatted(argsLog));
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        Path root = tmp.resolve("root");
        for (String id : List.of("c1", "gone", "broken")) {
            Files.createDirectories(root.resolve(id));
        }
        runc = new RuncCli(new RuncGlobal(stub, root),
                new ConmonConfig(Path.of("/usr/bin/conmon"), tmp.resolve("exits"), tmp.resolve("socks"), 1024));
    }

    @Test
    void shouldRenderGlobalFlagsBeforeTheSubcommandWhenCalled() throws IOException {
        // When
        runc.start("c1");
        runc.kill("c1", "SIGPWR");
        runc.delete("c1", true);
        runc.delete("c1", false);

        // Then
        String root = tmp.resolve("root").toString();
        assertThat(Files.readAllLines(argsLog)).containsExactly("--root " + root + " start c1",
                "--root " + root + " kill c1 SIGPWR", "--root " + root + " delete --force c1",
                "--root " + root + " delete c1");
    }

    @Test
    void shouldParseStateWhenRuncPrintsIt() {
        // When
        RuncState state = runc.state("c1").orElseThrow();

        // Then
        assertThat(state).isEqualTo(new RuncState("c1", 4242, "running", "/b/c1"));
        assertThat(state.running()).isTrue();
    }

    @Test
    void shouldReportNoStateWhenTheContainerDoesNotExist() {
        assertThat(runc.state("gone")).isEmpty();
        assertThat(runc.state("never-created")).isEmpty();
    }

    @Test
    void shouldCarryStderrWhenACallFails() {
        assertThatThrownBy(() -> runc.start("broken")).isInstanceOf(ExecException.class)
                .hasMessageContaining("runc start broken").hasMessageContaining("cannot start a container");
    }

    @Test
    void shouldParseConmonSyncLinesWhenCreateReportsBack() {
        assertThat(RuncCli.parseSyncLine("c1", "{\"data\": 24251}")).isEqualTo(24251);
        assertThatThrownBy(() -> RuncCli.parseSyncLine("c1",
                "{\"data\": -1, \"message\": \"runc create failed: exec: no such file\\n\"}"))
                .hasMessage("runc create c1 failed: runc create failed: exec: no such file");
        assertThatThrownBy(() -> RuncCli.parseSyncLine("c1", null)).hasMessageContaining("without reporting");
    }

    @Test
    void shouldQuoteConmonsStderrWhenItDiesWithoutAPid(@TempDir Path bundle) throws IOException {
        // Given
        Files.writeString(bundle.resolve("conmon.err"), "[conmon:e]: Failed to create container: exit status 1\n");

        // When
        String errors = RuncCli.errorsOf(bundle);

        // Then
        assertThat(errors).isEqualTo("[conmon:e]: Failed to create container: exit status 1");
        assertThat(RuncCli.errorsOf(bundle.resolve("gone"))).startsWith("no conmon.err");
    }

    @Test
    void shouldWrapConmonWithASyncPipeWhenBuildingItsArgv() {
        // Given
        RuncGlobal global = new RuncGlobal(Path.of("/usr/sbin/runc"), Path.of("/run/berth/runc"));
        ConmonConfig conmon = new ConmonConfig(Path.of("/usr/bin/conmon"), Path.of("/run/berth/exits"),
                Path.of("/run/berth/socks"), 1024);
        Path b = Path.of("/var/lib/berth/executor/containers/p_c");

        // When
        List<String> argv = conmon.argv(global, new OciRuntime.CreateRequest("p_c", b, b.resolve("ctr.pid"),
                b.resolve("conmon.pid"), b.resolve("console.log")));

        // Then
        assertThat(argv.subList(0, 5)).containsExactly("/bin/sh", "-c",
                "exec 2>>conmon.err </dev/null; _OCI_SYNCPIPE=3 \"$@\" 3>&1 >/dev/null"
                        + " | { IFS= read -r line && printf '%s\\n' \"$line\"; }",
                "sh", "/usr/bin/conmon");
        assertThat(String.join(" ", argv)).contains("-c p_c -u p_c -n p_c -r /usr/sbin/runc -b " + b)
                .contains("--exit-dir /run/berth/exits --socket-dir-path /run/berth/socks --no-new-keyring")
                .endsWith("--runtime-arg --root --runtime-arg /run/berth/runc");
    }
}
