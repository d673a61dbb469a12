package dev.berth.executor.storage.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads this process's mount table, so pool code can ask whether something is mounted without a process. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    public static boolean isMounted(Path target) {
        return mountPoints().contains(normalize(target));
    }

    /** Every mount point at or below {@code dir}. */
    public static List<Path> under(Path dir) {
        Path root = normalize(dir);
        return mountPoints().stream().filter(p -> p.startsWith(root)).toList();
    }

    private static List<Path> mountPoints() {
        try {
            List<Path> points = new ArrayList<>();
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(Path.of(unescape(fields[4])));
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mountinfo shows real paths, so a pool dir reached through a symlink must be resolved to match. */
    private static Path normalize(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
