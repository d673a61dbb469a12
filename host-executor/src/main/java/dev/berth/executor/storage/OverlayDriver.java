package dev.berth.executor.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.berth.executor.proc.Exec;

/** overlayfs through the {@code mount} and {@code umount} commands. */
public final class OverlayDriver implements StorageDriver {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public void mount(Path lower, Path upper, Path work, Path target) {
        if (isMounted(target)) {
            return;
        }
        String options = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", options, target.toString()), TIMEOUT)
                .orThrow("mount overlay on " + target);
    }

    @Override
    public void unmount(Path target) {
        if (!isMounted(target)) {
            return;
        }
        Exec.run(List.of("umount", target.toString()), TIMEOUT).orThrow("umount " + target);
    }

    @Override
    public boolean isMounted(Path target) {
        String wanted = target.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
