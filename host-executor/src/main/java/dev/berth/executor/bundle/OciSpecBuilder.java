package dev.berth.executor.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.contracts.config.IdMap;
import dev.berth.contracts.config.Limits;
import dev.berth.executor.config.ExecutorPaths;

/**
 * Builds a system container's OCI {@code config.json}: {@code runc spec}'s template with {@code /sbin/init} as the
 * process, a cgroup namespace, an empty network namespace, the instance's resource limits, and its confinement
 * (user namespace, seccomp filter, a capability set without SYS_MODULE, SYS_TIME, MAC_ADMIN or SYS_RESOURCE).
 */
public final class OciSpecBuilder {
    /** A system container's capabilities. Never CAP_SYS_RESOURCE: it is not in this host's bounding set. */
    public static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_SETFCAP", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ");
    static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network", "cgroup");
    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
            "/proc/scsi");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    static final String ENVIRONMENT = "environment.";
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OciSpecBuilder() {
    }

    public static ObjectNode build(String containerId, String hostname, Path rootfs, Limits limits) {
        return build(containerId, hostname, rootfs, limits, Optional.empty());
    }

    public static ObjectNode build(String containerId, String hostname, Path rootfs, Limits limits,
            Optional<AppProcess> app) {
        return build(containerId, hostname, rootfs, limits, app, Isolation.unprivileged(IdMap.DEFAULT));
    }

    /**
     * With an {@link AppProcess}, the container runs that application under tini instead of the image's init; the
     * {@link Isolation} adds the user namespace, the seccomp filter and (without nesting) the masked paths.
     */
    public static ObjectNode build(String containerId, String hostname, Path rootfs, Limits limits,
            Optional<AppProcess> app, Isolation isolation) {
        return build(containerId, hostname, rootfs, limits, app, isolation, DeviceMounts.none());
    }

    /** As above, plus the instance's bind-mounted disks and device nodes. */
    public static ObjectNode build(String containerId, String hostname, Path rootfs, Limits limits,
            Optional<AppProcess> app, Isolation isolation, DeviceMounts devices) {
        ObjectNode spec = F.objectNode();
        spec.put("ociVersion", "1.0.2-dev");
        ObjectNode process = process();
        // A system container's init gets a terminal as its console (conmon holds the master, logs it and lets
        // clients attach); an application keeps plain pipes, so its output stays a log of lines, not a tty's.
        process.put("terminal", app.isEmpty());
        app.ifPresent(a -> application(process, a));
        spec.set("process", process);
        spec.putObject("root").put("path", rootfs.toString()).put("readonly", false);
        spec.put("hostname", hostname);
        ArrayNode mounts = mounts();
        app.ifPresent(a -> mounts.addObject().put("destination", AppProcess.INIT_IN_CONTAINER).put("type", "bind")
                .put("source", AppProcess.INIT_ON_HOST.toString()).set("options", strings(List.of("bind", "ro"))));
        for (DeviceMounts.Bind bind : devices.binds()) {
            mounts.addObject().put("destination", bind.destination()).put("type", "bind").put("source", bind.source())
                    .set("options", strings(bind.readonly() ? List.of("rbind", "ro") : List.of("rbind", "rw")));
        }
        ObjectNode linux = linux(containerId, limits, isolation);
        // A host node is bind-mounted (runc cannot mknod in a user namespace, and its own bind of a device uses the
        // container path as the host path); the cgroup rule is what lets the container open it.
        ArrayNode rules = (ArrayNode) linux.path("resources").path("devices");
        for (DeviceMounts.Node node : devices.nodes()) {
            mounts.addObject().put("destination", node.path()).put("type", "bind").put("source", node.source())
                    .set("options", strings(List.of("bind", "rw")));
            rules.addObject().put("allow", true).put("type", node.type()).put("major", node.major())
                    .put("minor", node.minor()).put("access", "rwm");
        }
        spec.set("mounts", mounts);
        spec.set("linux", linux);
        return spec;
    }

    /**
     * Sets the instance's {@code environment.<NAME>} config keys in the init's environment, as LXD does: a key
     * replaces the image's variable of the same name (an OCI image's ENV too), the rest are appended in key order.
     */
    public static ObjectNode withEnvironment(ObjectNode spec, java.util.Map<String, String> config) {
        java.util.Map<String, String> wanted = new java.util.TreeMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(ENVIRONMENT) && key.length() > ENVIRONMENT.length()) {
                wanted.put(key.substring(ENVIRONMENT.length()), value);
            }
        });
        if (wanted.isEmpty()) {
            return spec;
        }
        List<String> env = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode e : spec.path("process").path("env")) {
            String name = e.asText().split("=", 2)[0];
            env.add(wanted.containsKey(name) ? name + "=" + wanted.remove(name) : e.asText());
        }
        wanted.forEach((name, value) -> env.add(name + "=" + value));
        ((ObjectNode) spec.path("process")).set("env", strings(env));
        return spec;
    }

    private static ObjectNode process() {
        ObjectNode process = F.objectNode();
        process.put("terminal", false);
        process.putObject("user").put("uid", 0).put("gid", 0);
        process.set("args", strings(List.of("/sbin/init")));
        process.set("env", strings(List.of(PATH, "container=berth")));
        process.put("cwd", "/");
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.set(set, strings(CAPABILITIES));
        }
        process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        // setuid tools (su, passwd) must keep working inside a system container.
        process.put("noNewPrivileges", false);
        return process;
    }

    private static void application(ObjectNode process, AppProcess app) {
        process.set("args", strings(app.argv()));
        List<String> env = new java.util.ArrayList<>(app.env());
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(PATH);
        }
        env.add("container=berth");
        process.set("env", strings(env));
        process.put("cwd", app.cwd().isEmpty() ? "/" : app.cwd());
        process.putObject("user").put("uid", app.uid()).put("gid", app.gid());
    }

    private static ArrayNode mounts() {
        ArrayNode mounts = F.arrayNode();
        mount(mounts, "/proc", "proc", "proc", List.of());
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        // rw is safe inside the cgroup namespace (the container sees only its own subtree) and systemd needs it.
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "rw"));
        // systemd expects /run and /run/lock to be tmpfs before it starts, as LXC provides them.
        mount(mounts, "/run", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=755", "size=65536k"));
        mount(mounts, "/run/lock", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "size=5120k"));
        return mounts;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        if (!options.isEmpty()) {
            m.set("options", strings(options));
        }
    }

    private static ObjectNode linux(String containerId, Limits limits, Isolation isolation) {
        ObjectNode linux = F.objectNode();
        linux.set("resources", resources(limits));
        linux.put("cgroupsPath", ExecutorPaths.cgroupsPath(containerId));
        ArrayNode namespaces = linux.putArray("namespaces");
        NAMESPACES.forEach(ns -> namespaces.addObject().put("type", ns));
        isolation.idmap().ifPresent(map -> {
            namespaces.addObject().put("type", "user");
            for (String field : List.of("uidMappings", "gidMappings")) {
                linux.putArray(field).addObject().put("containerID", 0).put("hostID", map.hostBase())
                        .put("size", map.size());
            }
        });
        // The kernel lets a nested container mount a fresh proc or sysfs only where no file of them is covered.
        if (!isolation.nesting()) {
            linux.set("maskedPaths", strings(MASKED_PATHS));
            linux.set("readonlyPaths", strings(READONLY_PATHS));
        }
        linux.set("seccomp", SeccompSpec.render(isolation.seccomp()));
        return linux;
    }

    private static ObjectNode resources(Limits limits) {
        ObjectNode resources = F.objectNode();
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        limits.memoryBytes().ifPresent(bytes -> {
            ObjectNode memory = resources.putObject("memory").put("limit", bytes);
            if (!limits.swap()) {
                memory.put("swap", bytes);
            }
        });
        ObjectNode cpu = F.objectNode();
        limits.cpuset().ifPresent(cpus -> cpu.put("cpus", cpus));
        limits.cpu().ifPresent(a -> {
            a.shares().ifPresent(shares -> cpu.put("shares", shares));
            a.quotaMicros().ifPresent(quota -> cpu.put("quota", quota));
            a.periodMicros().ifPresent(period -> cpu.put("period", period));
        });
        if (!cpu.isEmpty()) {
            resources.set("cpu", cpu);
        }
        limits.processes().ifPresent(max -> resources.putObject("pids").put("limit", max));
        return resources;
    }

    /**
     * The {@code runc update} resources for a running container: every limit stated, an absent one as "none", so
     * removing a key lifts the limit instead of leaving the old one in place.
     */
    public static ObjectNode updateResources(Limits limits, int hostCpus) {
        ObjectNode resources = F.objectNode();
        long memory = limits.memoryBytes().orElse(-1L);
        resources.putObject("memory").put("limit", memory).put("swap", limits.swap() || memory < 0 ? -1 : memory);
        ObjectNode cpu = resources.putObject("cpu");
        cpu.put("cpus", limits.cpuset().orElse(hostCpus == 1 ? "0" : "0-" + (hostCpus - 1)));
        Optional<Limits.CpuAllowance> allowance = limits.cpu();
        cpu.put("shares", allowance.flatMap(Limits.CpuAllowance::shares).orElse(1024L));
        cpu.put("quota", allowance.flatMap(Limits.CpuAllowance::quotaMicros).orElse(-1L));
        cpu.put("period", allowance.flatMap(Limits.CpuAllowance::periodMicros).orElse(100_000L));
        resources.putObject("pids").put("limit", limits.processes().orElse(-1L));
        return resources;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = F.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
