package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import dev.berth.contracts.config.Devices;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.executor.CodedFailure;
import dev.berth.executor.bundle.DeviceMounts;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.files.ContainerPath;
import dev.berth.executor.files.RootDir;
import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecResult;
import dev.berth.executor.revert.Reverter;
import dev.berth.executor.storage.IdmappedMounts;

/**
 * Hot-plug of {@code disk} (host path) and {@code unix-char}/{@code unix-block} devices into a running container,
 * the same bind mounts and cgroup rules a start gives them ({@link DeviceMounts}), made live.
 *
 * <p>The JVM cannot enter a mount namespace (setns needs a single-threaded caller), and the kernel attaches a detached
 * mount only in the caller's own namespace. So the executor clones the host tree itself ({@code open_tree}, with
 * {@code MOUNT_ATTR_RDONLY} for {@code readonly}), pins the mountpoint below the container's root with
 * {@code openat2}, and one short {@code nsenter -m -r/ mount --move} (host binaries: its root stays the host's) moves
 * the clone onto it by {@code /proc/<executor>/fd/N}: no path is resolved twice and no container binary runs.
 */
public final class LiveDevices {
    private static final Logger LOG = Logger.getLogger(LiveDevices.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_RECURSIVE = 0x8000;
    private static final int OPEN_TREE_CLONE = 1;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final long MOUNT_ATTR_RDONLY = 0x1;
    private static final long SYS_MOUNT_SETATTR = 442;

    /**
     * Rules runc 1.1 gives every container (libcontainer/specconv AllowedDevices): removing a device that shares one
     * of them must not deny it.
     */
    private static final List<String> RUNC_DEFAULT_RULES = List.of("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9",
            "c 5:0", "c 5:1", "c 5:2", "c 10:200");

    private final Cgroups cgroups;
    private final long executorPid = ProcessHandle.current().pid();

    public LiveDevices(Cgroups cgroups) {
        this.cgroups = cgroups;
    }

    /** The spec's devices that plug live: {@code disk} devices other than the root, {@code unix-char/block}. */
    public static Map<String, Map<String, String>> of(ContainerSpec spec) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        spec.devicesOrEmpty().forEach((name, d) -> {
            String type = d.get("type");
            if ("disk".equals(type) && !Devices.isRootDisk(d) || "unix-char".equals(type)
                    || "unix-block".equals(type)) {
                out.put(name, d);
            }
        });
        return out;
    }

    /**
     * Unplugs the devices {@code before} has and {@code after} lacks (or has changed) and plugs in the new ones, all
     * checked first so bad input changes nothing; each step registers its undo with {@code revert}.
     */
    public void apply(ContainerLayout layout, long pid, Map<String, Map<String, String>> before,
            Map<String, Map<String, String>> after, Reverter revert) {
        Map<String, Map<String, String>> gone = new TreeMap<>(before);
        gone.entrySet().removeIf(e -> e.getValue().equals(after.get(e.getKey())));
        Map<String, Map<String, String>> added = new TreeMap<>(after);
        added.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        if (gone.isEmpty() && added.isEmpty()) {
            return;
        }
        long hostRoot = hostRoot(pid);
        Map<String, DeviceMounts> plans = new TreeMap<>();
        Path root = Path.of("/proc", Long.toString(pid), "root");
        added.forEach((name, d) -> {
            DeviceMounts plan = resolve(name, d);
            plan.binds().forEach(b -> check(root, name, b.destination()));
            plan.nodes().forEach(n -> check(root, name, n.path()));
            plans.put(name, plan);
        });
        for (var e : gone.entrySet()) {
            unplug(layout, pid, e.getKey(), e.getValue(), after);
            Map<String, String> was = e.getValue();
            revert.add("plug " + e.getKey() + " back", () -> plug(layout, pid, e.getKey(), resolve(e.getKey(), was),
                    hostRoot));
        }
        for (var e : plans.entrySet()) {
            revert.add("unplug " + e.getKey(), () -> unplug(layout, pid, e.getKey(), added.get(e.getKey()), before));
            plug(layout, pid, e.getKey(), e.getValue(), hostRoot);
        }
        LOG.infof("hot-plug of %s: unplugged %s, plugged in %s", layout.containerId(), gone.keySet(),
                added.keySet());
    }

    /**
     * Allows the device nodes of {@code devices} in the container's cgroup again: {@code runc update} resets the
     * device rules to those the container started with.
     */
    public void reallow(ContainerLayout layout, Map<String, Map<String, String>> devices) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        devices.forEach((name, d) -> {
            try {
                resolve(name, d).nodes().forEach(n -> wanted.add(rule(n)));
            } catch (CommandRefused e) {
                LOG.warnf("%s: device %s: %s", layout.containerId(), name, e.getMessage());
            }
        });
        wanted.forEach(rule -> cgroups.allowDevice(layout.containerId(), rule));
        // a node the container started with and lost since: runc update allowed it again
        for (String rule : startRules(layout)) {
            if (!wanted.contains(rule) && !RUNC_DEFAULT_RULES.contains(rule.substring(0, rule.lastIndexOf(' ')))) {
                cgroups.denyDevice(layout.containerId(), rule);
            }
        }
    }

    /** The device rules the container's config.json allowed at start. */
    private static List<String> startRules(ContainerLayout layout) {
        List<String> rules = new ArrayList<>();
        try {
            var spec = dev.berth.contracts.Json.MAPPER.readTree(layout.configJson().toFile());
            for (var rule : spec.path("linux").path("resources").path("devices")) {
                if (rule.path("allow").asBoolean() && rule.has("major") && rule.has("minor")) {
                    rules.add(rule.path("type").asText() + " " + rule.path("major").asLong() + ":"
                            + rule.path("minor").asLong() + " " + rule.path("access").asText());
                }
            }
        } catch (IOException e) {
            LOG.warnf("%s: cannot read %s: %s", layout.containerId(), layout.configJson(), e.getMessage());
        }
        return rules;
    }

    /** The host uid of the container's root (0 when it has no user namespace), from its init's uid map. */
    private static long hostRoot(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "uid_map"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 3 && f[0].equals("0")) {
                    return Long.parseLong(f[1]);
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uid map of " + pid + ": " + e.getMessage(), e);
        }
    }

    private static DeviceMounts resolve(String name, Map<String, String> d) {
        try {
            return DeviceMounts.of(Map.of(name, d));
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(400, "Invalid devices: " + e.getMessage());
        }
    }

    /** A mountpoint that would leave the container's root is a 400 naming the device. */
    private static void check(Path root, String name, String path) {
        try {
            ContainerPath.resolve(root, path, true);
        } catch (CodedFailure e) {
            if (e.code() == 404) {
                return; // a missing parent is made when the device is plugged
            }
            throw new CommandRefused(400, "Invalid device \"" + name + "\" path " + path + ": " + e.getMessage());
        }
    }

    private void plug(ContainerLayout layout, long pid, String name, DeviceMounts plan, long hostRoot) {
        for (DeviceMounts.Node node : plan.nodes()) {
            cgroups.allowDevice(layout.containerId(), rule(node));
            bind(layout, pid, name, node.source(), node.path(), false, hostRoot);
        }
        for (DeviceMounts.Bind bind : plan.binds()) {
            bind(layout, pid, name, bind.source(), bind.destination(), bind.readonly(), hostRoot);
        }
    }

    private void unplug(ContainerLayout layout, long pid, String name, Map<String, String> d,
            Map<String, Map<String, String>> remaining) {
        String path = d.getOrDefault("path", d.get("source"));
        unbind(layout, pid, name, path);
        String type = d.get("type");
        if (type.startsWith("unix-")) {
            removePlaceholder(layout, pid, name, path);
            String kind = type.equals("unix-char") ? "c" : "b";
            try {
                DeviceMounts.of(Map.of(name, d)).nodes().forEach(n -> deny(layout, rule(n), remaining));
            } catch (IllegalArgumentException e) {
                LOG.warnf("%s: device %s (%s) has no host node any more; its rule stays", layout.containerId(), name,
                        kind);
            }
        }
    }

    /**
     * A node's mountpoint is an empty file (runc's for a node the container started with, or ours): once the node is
     * unmounted it goes too, as the node would in LXD, so nothing is left at the device's path.
     */
    private static void removePlaceholder(ContainerLayout layout, long pid, String name, String path) {
        Path rootPath = Path.of("/proc", Long.toString(pid), "root");
        try (RootDir root = RootDir.open(rootPath)) {
            ContainerPath p = ContainerPath.resolve(rootPath, path, false);
            if (!p.exists() || mounted(pid, p.inContainer())) {
                return;
            }
            try (RootDir.Fd parent = root.parentOf(p)) {
                Path file = parent.child(p.name());
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == 0) {
                    Files.delete(file);
                }
            }
        } catch (IOException | CodedFailure e) {
            LOG.infof("%s: device %s: %s kept: %s", layout.containerId(), name, path, e.getMessage());
        }
    }

    /** Denies {@code rule} unless runc allows it anyway or another remaining device needs it. */
    private void deny(ContainerLayout layout, String rule, Map<String, Map<String, String>> remaining) {
        String device = rule.substring(0, rule.lastIndexOf(' '));
        if (RUNC_DEFAULT_RULES.contains(device)) {
            return;
        }
        for (var e : remaining.entrySet()) {
            try {
                if (resolve(e.getKey(), e.getValue()).nodes().stream().anyMatch(n -> rule(n).equals(rule))) {
                    return;
                }
            } catch (CommandRefused ignored) {
                // a remaining device without its host node needs no rule
            }
        }
        cgroups.denyDevice(layout.containerId(), rule);
    }

    private static String rule(DeviceMounts.Node node) {
        return node.type() + " " + node.major() + ":" + node.minor() + " rwm";
    }

    /** Binds {@code source} at {@code path} in the container, unless it is already there (a redelivered update). */
    private void bind(ContainerLayout layout, long pid, String name, String source, String path, boolean readonly,
            long hostRoot) {
        Path src = Path.of(source);
        int tree;
        try {
            tree = LibC.INSTANCE.open_tree(AT_FDCWD, source, OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
        } catch (LastErrorException e) {
            throw new CommandRefused(400, "Invalid device \"" + name + "\" source " + source + ": " + e.getMessage());
        }
        try (RootDir root = RootDir.open(Path.of("/proc", Long.toString(pid), "root"))) {
            if (readonly) {
                IdmappedMounts.MountAttr attr = new IdmappedMounts.MountAttr();
                attr.attr_set = MOUNT_ATTR_RDONLY;
                attr.write();
                LibC.INSTANCE.syscall(SYS_MOUNT_SETATTR, (long) tree, "", (long) (AT_EMPTY_PATH | AT_RECURSIVE), attr,
                        (long) attr.size());
            }
            ContainerPath target = mountpoint(layout, root, pid, name, path, Files.isDirectory(src), hostRoot);
            try (RootDir.Fd fd = root.openBeneath(target.relative(), O_PATH, 0, path)) {
                if (mounted(pid, target.inContainer()) && sameFile(fd.path(), src)) {
                    LOG.infof("%s: device %s already at %s", layout.containerId(), name, path);
                    return;
                }
                nsenter(pid, "mount", "-c", "--move", "/proc/" + executorPid + "/fd/" + tree,
                        "/proc/" + executorPid + "/fd/" + fd.fd()).orThrow("mounting device " + name + " at " + path);
            }
        } catch (LastErrorException e) {
            throw new IllegalStateException("device " + name + ": read-only clone of " + source + ": "
                    + e.getMessage(), e);
        } finally {
            LibC.INSTANCE.close(tree);
        }
    }

    /** Lazily unmounts what is mounted at {@code path} (our own fd on it keeps it busy) and removes what we made. */
    private void unbind(ContainerLayout layout, long pid, String name, String path) {
        try (RootDir root = RootDir.open(Path.of("/proc", Long.toString(pid), "root"))) {
            ContainerPath target;
            try {
                target = ContainerPath.resolve(Path.of("/proc", Long.toString(pid), "root"), path, true);
            } catch (CodedFailure e) {
                LOG.infof("%s: device %s: %s", layout.containerId(), name, e.getMessage());
                return;
            }
            if (target.exists() && mounted(pid, target.inContainer())) {
                try (RootDir.Fd fd = root.openBeneath(target.relative(), O_PATH, 0, path)) {
                    nsenter(pid, "umount", "-c", "-l", "/proc/" + executorPid + "/fd/" + fd.fd())
                            .orThrow("unmounting device " + name + " from " + path);
                }
            }
            removeMountpoint(layout, root, pid, name);
        }
    }

    /**
     * Resolves {@code path} below the container's root, making what is missing (owned by the container's root) and
     * recording what was made, so an unplug removes exactly that.
     */
    private ContainerPath mountpoint(ContainerLayout layout, RootDir root, long pid, String name, String path,
            boolean directory, long hostRoot) {
        Path rootPath = Path.of("/proc", Long.toString(pid), "root");
        ContainerPath target = ContainerPath.resolve(rootPath, "/", true);
        List<String> made = new ArrayList<>();
        String[] parts = path.replaceAll("/+", "/").substring(1).split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            prefix.append('/').append(parts[i]);
            target = ContainerPath.resolve(rootPath, prefix.toString(), true);
            if (target.exists()) {
                continue;
            }
            boolean last = i == parts.length - 1;
            try (RootDir.Fd parent = root.parentOf(target)) {
                create(parent.child(target.name()), last && !directory, hostRoot);
                made.add(target.inContainer());
            } catch (IOException e) {
                throw new UncheckedIOException("device " + name + ": cannot make " + prefix + ": " + e.getMessage(),
                        e);
            }
            target = ContainerPath.resolve(rootPath, prefix.toString(), true);
        }
        if (!made.isEmpty()) {
            record(layout, name, made);
        }
        return target;
    }

    /**
     * Creates the file or dir as the container's root: a file system the container mounted itself (its /dev tmpfs)
     * takes only owners its user namespace maps. setfsuid is per thread, and drops this thread's file capabilities
     * until it is set back.
     */
    private static void create(Path path, boolean file, long hostRoot) throws IOException {
        int uid = LibC.INSTANCE.setfsuid((int) hostRoot);
        int gid = LibC.INSTANCE.setfsgid((int) hostRoot);
        try {
            if (file) {
                Files.createFile(path);
            } else {
                Files.createDirectory(path);
            }
        } finally {
            LibC.INSTANCE.setfsgid(gid);
            LibC.INSTANCE.setfsuid(uid);
        }
    }

    private void removeMountpoint(ContainerLayout layout, RootDir root, long pid, String name) {
        Path record = records(layout).resolve(name);
        if (!Files.exists(record)) {
            return;
        }
        try {
            List<String> made = Files.readAllLines(record);
            Path rootPath = Path.of("/proc", Long.toString(pid), "root");
            for (int i = made.size() - 1; i >= 0; i--) {
                ContainerPath p = ContainerPath.resolve(rootPath, made.get(i), false);
                if (!p.exists() || mounted(pid, p.inContainer())) {
                    break;
                }
                try (RootDir.Fd parent = root.parentOf(p)) {
                    Path file = parent.child(p.name());
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) > 0) {
                        break;
                    }
                    Files.delete(file); // a directory only when empty
                }
            }
            Files.delete(record);
        } catch (IOException | CodedFailure e) {
            LOG.infof("%s: device %s: mountpoint kept: %s", layout.containerId(), name, e.getMessage());
            try {
                Files.deleteIfExists(record);
            } catch (IOException ignored) {
                // the record of a mountpoint kept is harmless
            }
        }
    }

    private static Path records(ContainerLayout layout) {
        return layout.dir().resolve("devices");
    }

    private static void record(ContainerLayout layout, String name, List<String> made) {
        try {
            Files.createDirectories(records(layout));
            Files.write(records(layout).resolve(name), made);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the mountpoint of device " + name + ": " + e.getMessage(),
                    e);
        }
    }

    /** Whether {@code path} (as the container sees it) is a mountpoint in the container's namespace. */
    private static boolean mounted(long pid, String path) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(path)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mounts of " + pid + ": " + e.getMessage(), e);
        }
    }

    /** A mountinfo field with its octal escapes ({@code \040} for a space) undone. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Objects.equals(Files.getAttribute(a, "unix:dev"), Files.getAttribute(b, "unix:dev"))
                    && Objects.equals(Files.getAttribute(a, "unix:ino"), Files.getAttribute(b, "unix:ino"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A host binary run in the container's mount namespace with the host's root (never the container's). */
    private static ExecResult nsenter(long pid, String... argv) {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "-r/", "--"));
        command.addAll(List.of(argv));
        return Exec.run(command, TIMEOUT);
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open_tree(int dirfd, String path, int flags) throws LastErrorException;

        long syscall(long number, Object... args) throws LastErrorException;

        int close(int fd);

        int setfsuid(int fsuid);

        int setfsgid(int fsgid);
    }
}
