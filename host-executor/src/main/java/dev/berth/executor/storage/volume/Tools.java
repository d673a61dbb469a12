package dev.berth.executor.storage.volume;

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
 * Runs the storage tools by absolute path, because the executor's PATH need not contain /sbin, and turns failures
 * into {@link VolumeException}s that carry the tool's stderr.
 */
final class Tools {
    /** Pool and subvolume commands; generous because btrfs commits can stall behind a busy disk. */
    static final Duration SHORT = Duration.ofMinutes(2);
    /** Copies of whole root filesystems. */
    static final Duration COPY = Duration.ofHours(1);

    private static final List<Path> DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"),
            Path.of("/bin"));
    private static final Map<String, String> PACKAGES = Map.of("btrfs", "btrfs-progs", "mkfs.btrfs", "btrfs-progs",
            "losetup", "mount", "mount", "mount", "umount", "mount", "cp", "coreutils");

    private Tools() {
    }

    /** Runs {@code tool args...} and returns its result; a non-zero exit becomes a 500. */
    static ExecResult run(Duration timeout, String tool, String... args) {
        ExecResult result = tryRun(timeout, tool, args);
        if (!result.ok()) {
            throw VolumeException.internal(
                    String.join(" ", result.command()) + " failed (exit " + result.exitCode() + "): "
                            + result.errorText());
        }
        return result;
    }

    /** Runs {@code tool args...} and returns its result whatever the exit code; only a failure to run throws. */
    static ExecResult tryRun(Duration timeout, String tool, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(find(tool).toString());
        command.addAll(List.of(args));
        try {
            return Exec.run(command, timeout);
        } catch (ExecException e) {
            throw VolumeException.internal(e.getMessage(), e);
        }
    }

    /** Copies a whole tree, keeping owners, modes, hardlinks, devices, holes, ACLs, capabilities and all xattrs. */
    static void copyTree(Path from, Path to) {
        // -a preserves every attribute cp knows (xattrs included when run as root); -T keeps "to" from nesting.
        run(COPY, "cp", "-a", "--reflink=auto", "-T", from.toString(), to.toString());
    }

    static Path find(String tool) {
        for (Path dir : DIRS) {
            Path candidate = dir.resolve(tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw VolumeException.internal(tool + " not found in " + DIRS + "; install the Debian package "
                + PACKAGES.getOrDefault(tool, tool));
    }
}
