package dev.berth.executor.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the signal that asks an image's init to shut down cleanly. The rule, in order:
 * <ol>
 * <li>{@code metadata.yaml} has a {@code stop_signal: <name or number>} line (conventionally under
 * {@code properties:}); runc accepts {@code SIGPWR}, {@code PWR} or a number;</li>
 * <li>the image's {@code /sbin/init} is a symlink into systemd: {@code 37} (SIGRTMIN+3, systemd's halt; runc 1.1.5
 * rejects the name);</li>
 * <li>otherwise {@code SIGPWR}, LXD's default, which busybox init 1.35 also honours as PID 1 (halt, exit 130).</li>
 * </ol>
 */
public final class StopSignals {
    public static final String DEFAULT = "SIGPWR";
    public static final String SYSTEMD = "37";
    private static final Pattern KEY = Pattern.compile("(?m)^\\s*stop_signal:\\s*[\"']?([A-Za-z0-9+]+)[\"']?\\s*$");

    private StopSignals() {
    }

    public static String forImage(CachedImage image) {
        try {
            if (Files.isRegularFile(image.metadata())) {
                Matcher m = KEY.matcher(Files.readString(image.metadata()));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Path init = image.rootfs().resolve("sbin/init");
            if (Files.isSymbolicLink(init) && Files.readSymbolicLink(init).toString().contains("systemd")) {
                return SYSTEMD;
            }
        } catch (IOException e) {
            return DEFAULT;
        }
        return DEFAULT;
    }
}
