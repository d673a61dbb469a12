package dev.berth.executor.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.InstanceConfig;

/**
 * An instance's devices as the runtime needs them: {@code disk} devices other than the root become bind mounts, and
 * {@code unix-char}/{@code unix-block} devices become device nodes (runc bind-mounts them from the host in a user
 * namespace) with a cgroup rule that lets the container use them.
 */
public record DeviceMounts(List<Bind> binds, List<Node> nodes) {

    /** A host path bind-mounted into the container. */
    public record Bind(String source, String destination, boolean readonly) {
    }

    /** A host device node shown at {@code path}: {@code type} is {@code c} or {@code b}. */
    public record Node(String source, String path, String type, long major, long minor) {
    }

    public static DeviceMounts none() {
        return new DeviceMounts(List.of(), List.of());
    }

    /** Resolves the devices against the host: a bind source must exist, a device's numbers come from its node. */
    public static DeviceMounts of(Map<String, Map<String, String>> devices) {
        List<Bind> binds = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        devices.forEach((name, d) -> {
            String type = d.get("type");
            boolean required = !d.containsKey("required") || InstanceConfig.parseBoolean(d.get("required"));
            if ("disk".equals(type) && !Devices.isRootDisk(d)) {
                Path source = Path.of(d.get("source"));
                if (!Files.exists(source)) {
                    if (required) {
                        throw new IllegalArgumentException("device \"" + name + "\": source " + source
                                + " does not exist on this host");
                    }
                    return;
                }
                binds.add(new Bind(source.toString(), d.get("path"),
                        d.containsKey("readonly") && InstanceConfig.parseBoolean(d.get("readonly"))));
            } else if ("unix-char".equals(type) || "unix-block".equals(type)) {
                node(name, d, type.equals("unix-char") ? "c" : "b", required).ifPresent(nodes::add);
            }
        });
        return new DeviceMounts(binds, nodes);
    }

    private static java.util.Optional<Node> node(String name, Map<String, String> d, String kind, boolean required) {
        String source = d.getOrDefault("source", d.get("path"));
        String path = d.getOrDefault("path", source);
        try {
            long rdev = (Long) Files.getAttribute(Path.of(source), "unix:rdev");
            int mode = (Integer) Files.getAttribute(Path.of(source), "unix:mode");
            boolean isChar = (mode & 0170000) == 0020000;
            boolean isBlock = (mode & 0170000) == 0060000;
            if (kind.equals("c") ? !isChar : !isBlock) {
                throw new IllegalArgumentException("device \"" + name + "\": " + source + " is not a "
                        + (kind.equals("c") ? "character" : "block") + " device");
            }
            long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
            return java.util.Optional.of(new Node(source, path, kind, major, minor));
        } catch (IOException | UnsupportedOperationException e) {
            if (required) {
                throw new IllegalArgumentException("device \"" + name + "\": no host device node at " + source);
            }
            return java.util.Optional.empty();
        }
    }
}
