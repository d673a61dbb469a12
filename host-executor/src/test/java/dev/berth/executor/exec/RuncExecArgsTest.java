package dev.berth.executor.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.exec.ExecStart;
import dev.berth.executor.runtime.RuncGlobal;

class RuncExecArgsTest {
    private static final RuncGlobal RUNC = new RuncGlobal(Path.of("/usr/sbin/runc"), Path.of("/run/b/runc"));

    @Test
    void shouldRunAsTheUserInTheDirectoryWithTheOperationsEnvironmentLast() {
        ExecStart start = new ExecStart("op", "default", "default_c1", List.of("sh", "-c", "id"),
                ExecStart.environment(Map.of("HOME", "/srv", "A", "b"), 1000), "/tmp", 1000, 100, false, 80, 25,
                true, false, null);

        List<String> args = RuncExecArgs.of(RUNC, start, Path.of("/run/b/exec/op.json"));

        assertThat(args).containsSequence("/usr/sbin/runc", "--root", "/run/b/runc", "--log", "/run/b/exec/op.json",
                "--log-format", "json", "exec", "--user", "1000:100", "--cwd", "/tmp");
        assertThat(args).doesNotContain("--tty", "USER=root").contains("HOME=/srv", "A=b", "LANG=C.UTF-8");
        assertThat(args.subList(args.size() - 4, args.size())).containsExactly("default_c1", "sh", "-c", "id");
    }

    @Test
    void shouldAskForATerminalWhenInteractiveAndDefaultRootsEnvironment() {
        ExecStart start = new ExecStart("op", "default", "default_c1", List.of("sh"), ExecStart.environment(null,
                0), null, 0, 0, true, 80, 25, true, false, null);

        List<String> args = RuncExecArgs.of(RUNC, start, Path.of("/l"));

        assertThat(args).contains("--tty", "HOME=/root", "USER=root").doesNotContain("--cwd");
        assertThat(start.requiredFds()).containsExactly("0");
        assertThat(start.fds()).containsExactly("0", "control");
    }
}
