package dev.berth.executor.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecException;
import dev.berth.executor.proc.ExecResult;

/**
 * Runs the network tools by absolute path (the executor's PATH need not contain /sbin) and turns failures into
 * {@link NetworkException}s carrying the tool's stderr.
 */
final class NetTools {
    /** Every network command is a few ms; a minute only guards against a wedged kernel or tool. */
    static final Duration TIMEOUT = Duration.ofMinutes(1);

    private static final List<Path> DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"),
            Path.of("/bin"));
    private static final Map<String, String> PACKAGES = Map.of("ip", "iproute2", "nft", "nftables", "dnsmasq",
            "dnsmasq-base", "nsenter", "util-linux");

    private NetTools() {
    }

    /** Runs {@code tool args...} with {@code input} on stdin; a non-zero exit becomes a 500. */
    static ExecResult run(String input, String tool, String... args) {
        ExecResult result = tryRun(input, tool, args);
        if (!result.ok()) {
            throw NetworkException.internal(String.join(" ", result.command()) + " failed (exit "
                    + result.exitCode() + "): " + result.errorText() + "\ninput was:\n" + input);
        }
        return result;
    }

    /** Runs {@code tool args...} with {@code input} on stdin whatever its exit code; only a failure to run throws. */
    static ExecResult tryRun(String input, String tool, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(find(tool).toString());
        command.addAll(List.of(args));
        try {
            return Exec.run(command, input, TIMEOUT);
        } catch (ExecException e) {
            throw NetworkException.internal(e.getMessage(), e);
        }
    }

    static Path find(String tool) {
        for (Path dir : DIRS) {
            Path candidate = dir.resolve(tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw NetworkException.internal(tool + " not found in " + DIRS + "; install the Debian package "
                + PACKAGES.getOrDefault(tool, tool) + " (infra/packages.sh)");
    }

    /** True when {@code name} is an interface in the executor's own network namespace; reads sysfs, runs nothing. */
    static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }
}
