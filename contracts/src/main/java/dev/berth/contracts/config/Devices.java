package dev.berth.contracts.config;

import java.util.Map;
import java.util.Set;

/**
 * The device types Berth implements and their keys, as LXD names them: {@code disk} (the root disk on a pool, or a
 * host path bind-mounted at {@code path}, optionally {@code readonly}) and {@code unix-char}/{@code unix-block} (a
 * host device node, by {@code source} or {@code path}).
 */
public final class Devices {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "disk", Set.of("type", "path", "source", "pool", "readonly", "size", "required"),
            "unix-char", Set.of("type", "path", "source", "major", "minor", "uid", "gid", "mode", "required"),
            "unix-block", Set.of("type", "path", "source", "major", "minor", "uid", "gid", "mode", "required"),
            "none", Set.of("type"));

    private Devices() {
    }

    /** Throws a {@link ConfigException} naming the device and key at fault. */
    public static void validate(Map<String, Map<String, String>> devices) {
        if (devices == null) {
            return;
        }
        devices.forEach((name, device) -> {
            String where = "Invalid device \"" + name + "\": ";
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new ConfigException("devices", "Invalid device name \"" + name + "\"");
            }
            if (device == null || device.get("type") == null) {
                throw new ConfigException("devices", where + "missing \"type\"");
            }
            String type = device.get("type");
            Set<String> keys = KEYS.get(type);
            if (keys == null) {
                throw new ConfigException("devices", where + "unsupported type \"" + type + "\" (supported: disk, "
                        + "unix-char, unix-block, none)");
            }
            for (String key : device.keySet()) {
                if (!keys.contains(key)) {
                    throw new ConfigException("devices", where + "unknown key \"" + key + "\" for type " + type);
                }
            }
            if (type.equals("disk")) {
                disk(where, device);
            } else if (type.startsWith("unix-")) {
                unix(where, device);
            }
        });
    }

    /** The root disk: the disk device whose path is {@code /}. */
    public static boolean isRootDisk(Map<String, String> device) {
        return "disk".equals(device.get("type")) && "/".equals(device.get("path"));
    }

    /** The root disk among {@code devices} (null for none), if there is one. */
    public static java.util.Optional<Map<String, String>> rootDisk(Map<String, Map<String, String>> devices) {
        return devices == null
                ? java.util.Optional.empty()
                : devices.values().stream().filter(Devices::isRootDisk).findFirst();
    }

    private static void disk(String where, Map<String, String> d) {
        String path = d.get("path");
        if (path == null || !path.startsWith("/")) {
            throw new ConfigException("devices", where + "a disk needs an absolute \"path\"");
        }
        boolean root = path.equals("/");
        if (root && (d.get("pool") == null || d.get("pool").isEmpty())) {
            throw new ConfigException("devices", where + "the root disk needs a \"pool\"");
        }
        if (!root && (d.get("source") == null || !d.get("source").startsWith("/"))) {
            throw new ConfigException("devices", where + "a disk at " + path + " needs an absolute host \"source\"");
        }
        if (!root && (d.containsKey("pool") || d.containsKey("size"))) {
            throw new ConfigException("devices", where + "\"pool\" and \"size\" apply only to the root disk");
        }
        if (d.containsKey("readonly")) {
            bool(where, "readonly", d.get("readonly"));
        }
        if (d.containsKey("size")) {
            try {
                Limits.parseMemory(d.get("size"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("devices", where + "size: " + e.getMessage());
            }
        }
    }

    private static void unix(String where, Map<String, String> d) {
        String source = d.get("source");
        String path = d.get("path");
        if ((source == null || source.isEmpty()) && (path == null || path.isEmpty())) {
            throw new ConfigException("devices", where + "a " + d.get("type") + " needs \"source\" or \"path\"");
        }
        for (String key : new String[]{"source", "path"}) {
            if (d.get(key) != null && !d.get(key).startsWith("/")) {
                throw new ConfigException("devices", where + "\"" + key + "\" must be absolute");
            }
        }
        for (String key : new String[]{"major", "minor", "uid", "gid"}) {
            if (d.containsKey(key) && !d.get(key).matches("\\d{1,10}")) {
                throw new ConfigException("devices", where + "\"" + key + "\" must be a number");
            }
        }
        if (d.containsKey("mode") && !d.get("mode").matches("0?[0-7]{3,4}")) {
            throw new ConfigException("devices", where + "\"mode\" must be octal such as 0660");
        }
    }

    private static void bool(String where, String key, String value) {
        try {
            InstanceConfig.parseBoolean(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("devices", where + key + ": " + e.getMessage());
        }
    }
}
