package dev.berth.executor.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a host boot from an executor restart: the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}) is
 * compared with the one the executor saw last time, and then remembered.
 */
public final class BootId {
    private static final Path CURRENT = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {
    }

    /** True on the first start after a boot (or the very first start); records the current boot id. */
    public static boolean changedSinceLastRun(Path remembered) {
        try {
            String now = Files.readString(CURRENT).strip();
            String before = Files.exists(remembered) ? Files.readString(remembered).strip() : "";
            if (!now.equals(before)) {
                Files.createDirectories(remembered.getParent());
                Files.writeString(remembered, now + "\n");
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare boot ids: " + e.getMessage(), e);
        }
    }
}
