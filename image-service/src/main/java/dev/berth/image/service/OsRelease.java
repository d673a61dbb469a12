package dev.berth.image.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code os} and {@code release} image properties from an unpacked rootfs's {@code os-release} ({@code ID},
 * {@code VERSION_ID}); empty when the image has none. Never reads outside the rootfs, whatever its symlinks say.
 */
final class OsRelease {
    private OsRelease() {
    }

    static Map<String, String> read(Path rootfs) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        Path root = rootfs.toRealPath();
        for (String candidate : List.of("etc/os-release", "usr/lib/os-release")) {
            Path file = rootfs.resolve(candidate);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !file.toRealPath().startsWith(root)
                    || Files.size(file) > 64 * 1024) {
                continue;
            }
            Map<String, String> values = parse(Files.readAllLines(file));
            if (values.containsKey("ID")) {
                properties.put("os", values.get("ID"));
            }
            if (values.containsKey("VERSION_ID")) {
                properties.put("release", values.get("VERSION_ID"));
            }
            break;
        }
        return properties;
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                        && value.endsWith(value.substring(0, 1))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).strip(), value);
            }
        }
        return values;
    }
}
