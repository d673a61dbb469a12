package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.IdMap;
import dev.berth.contracts.config.PoolConfig;
import dev.berth.contracts.config.Limits;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.executor.bundle.AppProcess;
import dev.berth.executor.bundle.DeviceMounts;
import dev.berth.executor.bundle.Isolation;
import dev.berth.executor.bundle.ImageTemplates;
import dev.berth.executor.bundle.OciSpecBuilder;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.config.ExecutorPaths;
import dev.berth.executor.files.FilesRoot;
import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.executor.image.CachedImage;
import dev.berth.executor.publish.ImageUploader;
import dev.berth.executor.publish.UnifiedImagePacker;
import dev.berth.executor.image.ImageCache;
import dev.berth.executor.image.StopSignals;
import dev.berth.executor.network.InstanceNics;
import dev.berth.executor.network.Proxies;
import dev.berth.executor.network.ProxySpec;
import dev.berth.executor.proc.ExecException;
import dev.berth.executor.revert.Reverter;
import dev.berth.executor.runtime.OciRuntime;
import dev.berth.executor.runtime.RuncState;
import dev.berth.executor.storage.IdShifter;
import dev.berth.executor.storage.RootfsMounts;
import dev.berth.executor.storage.StoragePools;
import dev.berth.executor.storage.volume.VolumeDriver;
import dev.berth.executor.storage.volume.VolumeException;

/**
 * The host-side steps of a container's life: prepare its dirs, start it under conmon, stop it, clean up after its
 * init, remove it. Callers hold the container's lock; every step checks the real state first, so repeating one is
 * harmless.
 */
public final class ContainerManager {
    private static final Logger LOG = Logger.getLogger(ContainerManager.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final long POLL_MS = 10;
    private static final Duration CONMON_GRACE = Duration.ofSeconds(2);

    private final ExecutorPaths paths;
    private final OciRuntime runtime;
    private final RootfsMounts mounts;
    private final ImageCache images;
    private final StoragePools pools;
    private final Cgroups cgroups;
    private final LiveDevices liveDevices;
    private final InstanceNics nics;
    private final Proxies proxies = new Proxies();
    private final int hostCpus;
    private final long hostMemory = StatsReader.hostMemoryBytes();
    private volatile boolean traversable;

    public ContainerManager(ExecutorPaths paths, OciRuntime runtime, RootfsMounts mounts, ImageCache images,
            StoragePools pools, int hostCpus) {
        this(paths, runtime, mounts, images, pools, null, hostCpus);
    }

    /** {@code nics} null: a node without managed networking, which refuses instances with NICs. */
    public ContainerManager(ExecutorPaths paths, OciRuntime runtime, RootfsMounts mounts, ImageCache images,
            StoragePools pools, InstanceNics nics, int hostCpus) {
        this.paths = paths;
        this.runtime = runtime;
        this.mounts = mounts;
        this.images = images;
        this.pools = pools;
        this.cgroups = new Cgroups(paths);
        this.liveDevices = new LiveDevices(cgroups);
        this.nics = nics;
        this.hostCpus = hostCpus;
    }

    /** The node's cgroups, shared with the stats reader: removing a container closes the files it keeps open. */
    public Cgroups cgroups() {
        return cgroups;
    }

    /** Where the node's ledger of carried-out commands lives. */
    public Path commandLedger() {
        return paths.stateDir().resolve("executor").resolve("processed-commands");
    }

    public ContainerLayout layout(String containerId) {
        return paths.container(containerId);
    }

    public boolean exists(ContainerLayout layout) {
        return Files.isRegularFile(layout.specJson());
    }

    public Optional<RuncState> state(ContainerLayout layout) {
        return runtime.state(layout.containerId());
    }

    public boolean running(ContainerLayout layout) {
        return state(layout).map(RuncState::running).orElse(false);
    }

    /** The node's storage pools besides the built-in {@code default}. */
    public StoragePools pools() {
        return pools;
    }

    /**
     * Caches the image, creates the container's dirs, its storage on the root disk's pool and spec.json, and renders
     * the image's {@code create} templates (such as /etc/hostname) into the container's own files; undone by
     * {@code revert} on failure.
     */
    public void prepare(ContainerLayout layout, ContainerSpec spec, String instanceName, Reverter revert) {
        CachedImage image = images.ensure(spec);
        if (!traversable) {
            makeTraversable(paths.containersDir());
            traversable = true;
        }
        if (!Files.exists(layout.dir())) {
            revert.add("remove " + layout.dir(), () -> removeTree(layout));
        }
        Trees.mkdirs(layout.rootfs());
        RootVolume root = rootOf(spec);
        root.create(layout, image, rootSize(spec), revert);
        ImageTemplates.apply(image.dir(), root.templatesTarget(layout, image), instanceName, "create");
        writeSpec(layout, spec);
    }

    /**
     * An unprivileged runc (host uid 1000000) must reach its rootfs: every dir above it needs search permission for
     * others, as LXD keeps its containers dir 0711.
     */
    private static void makeTraversable(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
                java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(d);
                if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(d, perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir + " to unprivileged containers: " + e.getMessage(), e);
        }
    }

    /** Mounts the rootfs, writes config.json, creates the container under conmon and starts it; returns init's pid. */
    public long start(ContainerLayout layout, String hostname, ContainerSpec spec, Reverter revert,
            Consumer<String> stamp) {
        String id = layout.containerId();
        long t0 = System.nanoTime();
        CachedImage image = images.ensure(spec);
        Map<String, String> config = spec.config() == null ? Map.of() : spec.config();
        Limits limits = limits(spec);
        Isolation isolation = Isolation.from(config, mounts.idmaps().map());
        if (!spec.nicsOrEmpty().isEmpty() && nics == null) {
            throw new CommandRefused(400, "This node has no managed networking; the instance has NICs");
        }
        long t1 = System.nanoTime();
        rootOf(spec).mount(layout, image, isolation.idmap());
        revert.add("unmount " + layout.rootfs(), () -> mounts.unmount(layout));
        FaultPoints.reach("start.mounted");
        DeviceMounts devices = withResolvConf(layout, devices(spec), spec, isolation);
        com.fasterxml.jackson.databind.node.ObjectNode ociSpec = OciSpecBuilder.withEnvironment(OciSpecBuilder.build(
                id, hostname, layout.rootfs(), limits, AppProcess.of(image.dir()), isolation, devices), config);
        if (!consoleTerminal()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) ociSpec.path("process")).put("terminal", false);
        }
        write(layout.configJson(), Json.write(ociSpec));
        revert.add("delete runc container " + id, () -> cleanupRuntime(layout));
        long t2 = System.nanoTime();
        stamp.accept("runc.begin");
        long pid = runtime.create(new OciRuntime.CreateRequest(id, layout.dir(), layout.ctrPid(), layout.conmonPid(),
                layout.consoleLog(), ociSpec.path("process").path("terminal").asBoolean()));
        FaultPoints.reach("start.runc-created");
        // runc does not hand the v1 cgroup dirs to the mapped root; systemd cannot make its scopes without them
        isolation.idmap().ifPresent(map -> cgroups.delegate(id, map.hostBase()));
        long t3 = System.nanoTime();
        long network = 0;
        if (!spec.nicsOrEmpty().isEmpty()) {
            stamp.accept("net.begin");
            network = nics.attach(id, spec.nicsOrEmpty(), pid, revert);
            nics.register(id, hostname, spec.nicsOrEmpty(), true);
            stamp.accept("net.plugged");
        }
        long t4 = System.nanoTime();
        runtime.start(id);
        stamp.accept("runc.started");
        startProxies(layout, proxiesOf(spec), pid, revert);
        long t5 = System.nanoTime();
        LOG.infof("started pid %d: image %.1f ms, mount+config %.1f ms, conmon+runc create %.1f ms, network %.1f ms,"
                + " runc start %.1f ms", pid, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(network), ms(t5 - t4));
        return pid;
    }

    /**
     * Whether a system container's init gets a terminal as its console ({@code berth.executor.console-terminal}, on by
     * default as LXD gives one): conmon holds the pty master, logs it and serves the attach socket; false keeps plain
     * pipes.
     */
    private static boolean consoleTerminal() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("berth.executor.console-terminal", Boolean.class).orElse(true);
    }

    /**
     * Stops the container (graceful signal, then SIGKILL after {@code timeout}; {@code force} kills at once) and
     * cleans up. Returns its exit, or the last recorded one when it was not running.
     */
    public Monitor.Exit stop(ContainerLayout layout, Duration timeout, boolean force) {
        Optional<RuncState> state = state(layout);
        if (state.isEmpty() || state.get().stopped()) {
            Monitor.Exit exit = Monitor.exitOf(layout).orElseGet(() -> lastExit(layout));
            cleanup(layout, exit);
            return exit;
        }
        boolean graceful = !force && state.get().running();
        Optional<Monitor.Exit> exit = Optional.empty();
        if (graceful) {
            signal(layout, stopSignal(layout));
            FaultPoints.reach("stop.signalled");
            exit = awaitExit(layout, timeout);
        }
        if (exit.isEmpty()) {
            signal(layout, "KILL");
            exit = awaitExit(layout, KILL_GRACE);
        }
        Monitor.Exit result = exit.orElse(new Monitor.Exit(null));
        cleanup(layout, result);
        FaultPoints.reach("stop.cleaned");
        return result;
    }

    /** Everything a dead init leaves behind: runc container, exit file, socket entry, mount, cgroups. */
    public void cleanup(ContainerLayout layout, Monitor.Exit exit) {
        cleanupRuntime(layout);
        if (exit != null && exit.code() != null && Files.isDirectory(layout.dir())) {
            write(layout.lastExit(), exit.code().toString());
        }
    }

    /** Stops (forcefully) if needed, cleans up and removes the container's directory. */
    public void remove(ContainerLayout layout) {
        if (state(layout).isPresent()) {
            stop(layout, Duration.ZERO, true);
        }
        cleanupRuntime(layout);
        FaultPoints.reach("delete.cleaned");
        if (nics != null) {
            nics.forget(layout.containerId());
        }
        rootOf(layout).delete(layout);
        removeTree(layout);
    }

    public String stopSignal(ContainerLayout layout) {
        try {
            ContainerSpec spec = Json.read(Files.readString(layout.specJson()), ContainerSpec.class);
            CachedImage image = images.find(spec.fingerprint());
            // tini forwards SIGTERM to the application; SIGPWR is for init systems
            return AppProcess.of(image.dir()).isPresent() ? "SIGTERM" : StopSignals.forImage(image);
        } catch (IOException | RuntimeException e) {
            return StopSignals.DEFAULT;
        }
    }

    private void cleanupRuntime(ContainerLayout layout) {
        String id = layout.containerId();
        try {
            runtime.delete(id, false);
        } catch (ExecException e) {
            LOG.debugf("runc delete %s: %s; retrying with --force", id, e.getMessage());
            runtime.delete(id, true);
        }
        // conmon outlives the exit file it writes by a few milliseconds; a new one must not start beside it
        long deadline = System.nanoTime() + CONMON_GRACE.toNanos();
        while (Monitor.conmonAlive(layout) && System.nanoTime() < deadline) {
            sleep(2);
        }
        try {
            Files.deleteIfExists(layout.exitFile());
            Files.deleteIfExists(layout.socksEntry());
            Files.deleteIfExists(layout.conmonPid());
            Files.deleteIfExists(layout.ctrPid());
            // conmon leaves its attach socket and its fifos behind in the bundle
            for (String left : ContainerLayout.CONMON_LEFTOVERS) {
                Files.deleteIfExists(layout.dir().resolve(left));
            }
        } catch (IOException e) {
            LOG.warnf("cleanup of %s: %s", id, e.toString());
        }
        // a proxy's inside half holds the container's namespace (and root): it goes before the NICs and the mount
        proxies.stopAll(layout.dir().resolve("proxies"));
        if (nics != null && exists(layout)) {
            try {
                nics.detach(id, readSpec(layout).nicsOrEmpty());
            } catch (RuntimeException e) {
                LOG.warnf("unplugging the NICs of %s: %s", id, e.getMessage());
            }
        }
        mounts.unmount(layout);
        cgroups.removeLeftovers(id);
    }

    private void signal(ContainerLayout layout, String signal) {
        try {
            runtime.kill(layout.containerId(), signal);
        } catch (ExecException e) {
            // the init may have exited between the state check and the kill; the wait below tells
            LOG.debugf("kill %s %s: %s", layout.containerId(), signal, e.getMessage());
        }
    }

    /** Waits for conmon's exit file; gives up early when conmon is gone and runc says the init is dead. */
    private Optional<Monitor.Exit> awaitExit(ContainerLayout layout, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (true) {
            Optional<Monitor.Exit> exit = Monitor.exitOf(layout);
            if (exit.isPresent()) {
                return exit;
            }
            if (++polls % 20 == 0 && !Monitor.conmonAlive(layout) && !running(layout)) {
                return Optional.of(new Monitor.Exit(null));
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            sleep(POLL_MS);
        }
    }

    private Monitor.Exit lastExit(ContainerLayout layout) {
        try {
            return new Monitor.Exit(Integer.valueOf(Files.readString(layout.lastExit()).strip()));
        } catch (IOException | NumberFormatException e) {
            return new Monitor.Exit(null);
        }
    }

    private static void writeSpec(ContainerLayout layout, ContainerSpec spec) {
        write(layout.specJson(), Json.write(spec));
    }

    /**
     * Packs the stopped container (its image plus its own changes, seen through a temporary overlay mount) as a
     * unified image and streams it to image-service.
     */
    public ImageUploader.Uploaded publish(ContainerLayout layout, String uploadUrl, String authorization,
            ImagePublish request) {
        if (!exists(layout)) {
            throw new CommandRefused(404, "Instance " + layout.containerId() + " does not exist on this node");
        }
        if (running(layout)) {
            throw new CommandRefused(400, "Cannot publish a running instance");
        }
        ContainerSpec spec = readSpec(layout);
        CachedImage image = images.ensure(spec);
        return rootOf(spec).readRoot(layout, image,
                view -> upload(layout.containerId(), view.root(), image, view.stored(), uploadUrl, authorization,
                        request));
    }

    /**
     * Where the file API reaches the container's files: a pool volume as stored (unshifted, so running or not), or
     * the mounted overlay root of a running container with the map its layer is stored in; empty for a stopped
     * container on the overlay pool, whose root exists only while it runs.
     */
    public Optional<FilesRoot> filesRoot(ContainerLayout layout) {
        requireExists(layout);
        ContainerSpec spec = readSpec(layout);
        RootVolume root = rootOf(spec);
        if (root instanceof RootVolume.Pool pool) {
            return Optional.of(new FilesRoot(pool.templatesTarget(layout, images.ensure(spec)), Optional.empty()));
        }
        if (mounts.isMounted(layout) && running(layout)) {
            return Optional.of(new FilesRoot(layout.rootfs(), mounts.diskMap(layout)));
        }
        return Optional.empty();
    }

    /** Packs a snapshot (its layer over the image, mounted read-only); the container may be running meanwhile. */
    public ImageUploader.Uploaded publishSnapshot(ContainerLayout layout, String snapshot, String uploadUrl,
            String authorization, ImagePublish request) {
        requireExists(layout);
        ContainerSpec spec = readSpec(layout);
        CachedImage image = images.ensure(spec);
        return rootOf(spec).readSnapshot(layout, snapshot, image, view -> upload(layout.containerId() + "-" + snapshot,
                view.root(), image, view.stored(), uploadUrl, authorization, request));
    }

    private static ImageUploader.Uploaded upload(String baseName, Path rootfs, CachedImage image,
            Optional<IdMap> stored, String uploadUrl, String authorization, ImagePublish request) {
        String compression = request.compression();
        String filename = baseName + (compression.equals("none") ? ".tar" : ".tar." + switch (compression) {
            case "gzip" -> "gz";
            case "bzip2" -> "bz2";
            case "zstd" -> "zst";
            default -> compression;
        });
        return ImageUploader.upload(uploadUrl, authorization, filename, request,
                out -> UnifiedImagePacker.pack(rootfs, image.dir(),
                        request.properties(), compression, java.time.Instant.now(),
                        id -> IdShifter.toContainer(id, stored),
                        out));
    }

    /**
     * Records a changed configuration for the next start and, when the container runs, applies it now: disks and
     * device nodes ({@link LiveDevices}), NICs and proxies are plugged or unplugged, limits set with
     * {@code runc update}; returns whether it did. The spec is kept only once all of it is in force; a failure undoes
     * the device changes and leaves the recorded spec as it was.
     */
    public boolean update(ContainerLayout layout, ContainerSpec spec) {
        if (!exists(layout)) {
            throw new CommandRefused(404, "Instance " + layout.containerId() + " does not exist on this node");
        }
        Limits limits;
        try {
            limits = limits(spec);
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(400, "Invalid config: " + e.getMessage());
        }
        ContainerSpec current = readSpec(layout);
        Map<String, dev.berth.contracts.messaging.NicPlan> before = current.nicsOrEmpty();
        if (spec.nics() == null) {
            // a profile change carries no NICs: the ones the instance was started with stay plugged and recorded
            spec = spec.withNics(before);
        }
        Optional<RuncState> state = state(layout);
        boolean live = state.map(RuncState::running).orElse(false);
        if (!live) {
            writeSpec(layout, spec);
            return false;
        }
        long pid = state.get().pid();
        // disks and device nodes go first: their checks refuse bad input before anything changes
        try (Reverter revert = new Reverter()) {
            liveDevices.apply(layout, pid, LiveDevices.of(current), LiveDevices.of(spec), revert);
            FaultPoints.reach("update.devices");
            if (!before.equals(spec.nicsOrEmpty())) {
                hotplug(layout, before, spec.nicsOrEmpty(), pid);
            }
            replugProxies(layout, proxiesOf(current), proxiesOf(spec), pid);
            Path resources = layout.dir().resolve("resources.json");
            write(resources, Json.write(OciSpecBuilder.updateResources(limits, hostCpus)));
            runtime.update(layout.containerId(), resources);
            liveDevices.reallow(layout, LiveDevices.of(spec));
            writeSpec(layout, spec);
            revert.success();
        }
        return true;
    }

    /**
     * With NICs on a managed network, {@code /etc/resolv.conf} is bind-mounted from the container's dir (as Podman
     * does): the image's own file, or a symlink to a resolver it does not run, stays untouched underneath. The file
     * belongs to the container's root, which may edit it.
     */
    private DeviceMounts withResolvConf(ContainerLayout layout, DeviceMounts devices, ContainerSpec spec,
            Isolation isolation) {
        if (nics == null) {
            return devices;
        }
        Optional<String> content = nics.resolvConf(spec.nicsOrEmpty());
        if (content.isEmpty()) {
            return devices;
        }
        Path file = layout.dir().resolve("resolv.conf");
        write(file, content.get());
        try {
            if (isolation.idmap().isPresent()) {
                int root = (int) isolation.idmap().get().hostBase();
                Files.setAttribute(file, "unix:uid", root);
                Files.setAttribute(file, "unix:gid", root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + file + " to the container: " + e.getMessage(), e);
        }
        java.util.List<DeviceMounts.Bind> binds = new java.util.ArrayList<>(devices.binds());
        binds.add(new DeviceMounts.Bind(file.toString(), "/etc/resolv.conf", false));
        return new DeviceMounts(binds, devices.nodes());
    }

    /** The container's interfaces for {@code /state}: none when it has no NICs or they are unplugged. */
    public Map<String, dev.berth.contracts.lxd.InstanceNetwork> networkState(ContainerLayout layout) {
        if (nics == null) {
            return Map.of();
        }
        Map<String, dev.berth.contracts.messaging.NicPlan> plans;
        try {
            plans = nicPlans.read(layout.specJson());
        } catch (java.nio.file.NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.specJson() + ": " + e.getMessage(), e);
        }
        return nics.state(layout.containerId(), plans);
    }

    /** The NICs of each spec, for listings with state (the spec is only ever replaced whole, by a rename). */
    private final dev.berth.executor.runtime.ParsedFiles<Map<String, dev.berth.contracts.messaging.NicPlan>> nicPlans = new dev.berth.executor.runtime.ParsedFiles<>(
            text -> Json.read(text, ContainerSpec.class).nicsOrEmpty());

    /** At start-up: the static leases of every container on the node, for the networks' dnsmasq to serve. */
    public void registerLeases(java.util.List<String> containerIds) {
        if (nics == null) {
            return;
        }
        for (String id : containerIds) {
            ContainerLayout layout = layout(id);
            if (exists(layout)) {
                try {
                    nics.register(id, dev.berth.contracts.InstanceRef.ofContainerId(id).name(),
                            readSpec(layout).nicsOrEmpty(), false);
                } catch (RuntimeException e) {
                    LOG.warnf("leases of %s: %s", id, e.getMessage());
                }
            }
        }
    }

    /**
     * Unplugs the NICs a running container no longer has (or whose plan changed) and plugs in the new ones; a NIC
     * that fails to plug is unplugged again and the update fails, leaving the recorded spec as it was.
     */
    private void hotplug(ContainerLayout layout, Map<String, dev.berth.contracts.messaging.NicPlan> before,
            Map<String, dev.berth.contracts.messaging.NicPlan> after, long pid) {
        if (nics == null) {
            throw new CommandRefused(400, "This node has no managed networking; NICs cannot be plugged in");
        }
        String id = layout.containerId();
        Map<String, dev.berth.contracts.messaging.NicPlan> gone = new java.util.TreeMap<>(before);
        gone.entrySet().removeIf(e -> e.getValue().equals(after.get(e.getKey())));
        Map<String, dev.berth.contracts.messaging.NicPlan> added = new java.util.TreeMap<>(after);
        added.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        nics.detach(id, gone);
        try (Reverter revert = new Reverter()) {
            nics.attach(id, added, pid, revert);
            revert.success();
        }
        nics.register(id, dev.berth.contracts.InstanceRef.ofContainerId(id).name(), after, true);
        LOG.infof("hot-plug: unplugged %s, plugged in %s", gone.keySet(), added.keySet());
    }

    /** The spec's {@code proxy} devices; a bad one is a 400 naming it. */
    private static Map<String, ProxySpec> proxiesOf(ContainerSpec spec) {
        Map<String, ProxySpec> out = new java.util.TreeMap<>();
        spec.devicesOrEmpty().forEach((name, d) -> {
            if ("proxy".equals(d.get("type"))) {
                Map<String, String> keys = new java.util.HashMap<>(d);
                keys.remove("type");
                out.put(name, ProxySpec.of(name, keys));
            }
        });
        return out;
    }

    /** Starts the proxies of a container whose init is {@code pid}; undone by {@code revert}. */
    private void startProxies(ContainerLayout layout, Map<String, ProxySpec> specs, long pid, Reverter revert) {
        if (specs.isEmpty()) {
            return;
        }
        Path dir = layout.dir().resolve("proxies");
        Trees.mkdirs(dir);
        for (ProxySpec proxy : specs.values()) {
            revert.add("stop proxy " + proxy.device(), () -> proxies.stop(dir, proxy.device()));
            proxies.start(pid, dir, proxy);
        }
    }

    /** Stops the proxies a running container no longer has (or whose addresses changed) and starts the new ones. */
    private void replugProxies(ContainerLayout layout, Map<String, ProxySpec> before, Map<String, ProxySpec> after,
            long pid) {
        Path dir = layout.dir().resolve("proxies");
        Map<String, ProxySpec> added = new java.util.TreeMap<>(after);
        added.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey()))
                && proxies.running(dir, e.getKey()));
        before.keySet().stream().filter(name -> !after.containsKey(name) || added.containsKey(name))
                .forEach(name -> proxies.stop(dir, name));
        try (Reverter revert = new Reverter()) {
            startProxies(layout, added, pid, revert);
            revert.success();
        }
    }

    private static DeviceMounts devices(ContainerSpec spec) {
        try {
            return DeviceMounts.of(spec.devicesOrEmpty());
        } catch (IllegalArgumentException e) {
            throw new CommandRefused(400, "Invalid devices: " + e.getMessage());
        }
    }

    private Limits limits(ContainerSpec spec) {
        return Limits.from(spec.config() == null ? Map.of() : spec.config(), hostCpus, hostMemory);
    }

    public void snapshot(ContainerLayout layout, String snapshot) {
        requireExists(layout);
        rootOf(readSpec(layout)).snapshot(layout, snapshot);
    }

    public void deleteSnapshot(ContainerLayout layout, String snapshot) {
        requireExists(layout);
        rootOf(readSpec(layout)).deleteSnapshot(layout, snapshot);
    }

    /** Restores a stopped container's layer from a snapshot. */
    public void restore(ContainerLayout layout, String snapshot) {
        requireExists(layout);
        if (running(layout)) {
            throw new IllegalStateException("cannot restore " + layout.containerId() + " while it runs");
        }
        mounts.unmount(layout);
        rootOf(readSpec(layout)).restore(layout, snapshot);
    }

    /**
     * Makes container {@code to} from the layer of {@code from} (or its snapshot) with the image's {@code copy}
     * templates rendered for its name, and copies of the source's {@code snapshots}; undone by {@code revert} on
     * failure.
     */
    public void copy(ContainerLayout from, String snapshot, ContainerLayout to, ContainerSpec spec, String name,
            List<String> snapshots, Reverter revert) {
        requireExists(from);
        if (exists(to)) {
            throw new CommandRefused(409, "Instance " + to.containerId() + " already exists on this node");
        }
        CachedImage image = images.ensure(spec);
        RootVolume root = rootOf(spec);
        RootVolume source = rootOf(readSpec(from));
        if (!root.pool().equals(source.pool())) {
            throw new CommandRefused(400, "Copying between storage pools is not supported: the source is on pool \""
                    + source.pool() + "\", the copy's root disk on \"" + root.pool() + "\"");
        }
        revert.add("remove " + to.dir(), () -> removeTree(to));
        Trees.mkdirs(to.rootfs());
        root.copy(from, snapshot, to, revert);
        for (String carried : snapshots) {
            root.copySnapshot(from, carried, to);
        }
        ImageTemplates.apply(image.dir(), root.templatesTarget(to, image), name, "copy");
        writeSpec(to, spec);
    }

    /**
     * Gives the stopped container {@code from} the id and name of {@code to}: its storage volume and snapshots, its
     * directory, the image's {@code rename} templates, and its static leases (the hostname dnsmasq serves). Either
     * all of it is renamed, or nothing.
     */
    public void rename(ContainerLayout from, ContainerLayout to, String newName) {
        if (!exists(from) && exists(to)) {
            return; // done before a crash kept it out of the ledger (container-service reserved the new name)
        }
        requireExists(from);
        Optional<RuncState> state = state(from);
        if (state.isPresent() && !state.get().stopped()) {
            throw new CommandRefused(400, "Renaming of running instance not allowed");
        }
        if (exists(to) || Files.exists(to.dir())) {
            throw new CommandRefused(409, "Instance " + to.containerId() + " already exists on this node");
        }
        if (state.isPresent() || Monitor.exitOf(from).isPresent()) {
            // a dead init nobody collected yet: its runc entry, mounts and cgroups carry the old id
            cleanup(from, Monitor.exitOf(from).orElse(null));
        }
        mounts.unmount(from);
        ContainerSpec spec = readSpec(from);
        RootVolume root = rootOf(spec);
        try (Reverter revert = new Reverter()) {
            root.rename(from, to, revert);
            move(from.dir(), to.dir());
            revert.add("move " + to.dir() + " back", () -> move(to.dir(), from.dir()));
            FaultPoints.reach("rename.moved");
            CachedImage image = images.find(spec.fingerprint());
            if (Files.isDirectory(image.dir())) {
                ImageTemplates.apply(image.dir(), root.templatesTarget(to, image), newName, "rename");
            }
            revert.success();
        }
        if (nics != null) {
            nics.forget(from.containerId());
            nics.register(to.containerId(), newName, spec.nicsOrEmpty(), true);
        }
    }

    public void renameSnapshot(ContainerLayout layout, String snapshot, String newSnapshot) {
        requireExists(layout);
        rootOf(readSpec(layout)).renameSnapshot(layout, snapshot, newSnapshot);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** The storage of a container with {@code spec}: its root disk's pool, the built-in overlay pool by default. */
    private RootVolume rootOf(ContainerSpec spec) {
        String pool = Devices.rootDisk(spec.devicesOrEmpty()).map(d -> d.get("pool"))
                .orElse(PoolConfig.DEFAULT_POOL);
        if (PoolConfig.DEFAULT_POOL.equals(pool)) {
            return new RootVolume.Overlay(mounts);
        }
        return new RootVolume.Pool(pools.driver(pool), mounts);
    }

    /**
     * The storage of an existing container; without a spec (a create that crashed before writing it), the pool that
     * has a volume of its name, if any.
     */
    private RootVolume rootOf(ContainerLayout layout) {
        if (exists(layout)) {
            return rootOf(readSpec(layout));
        }
        for (String pool : pools.recorded()) {
            try {
                VolumeDriver driver = pools.driver(pool);
                if (driver.exists(layout.containerId())) {
                    return new RootVolume.Pool(driver, mounts);
                }
            } catch (VolumeException e) {
                LOG.warnf("storage pool %s: %s", pool, e.getMessage());
            }
        }
        return new RootVolume.Overlay(mounts);
    }

    private static OptionalLong rootSize(ContainerSpec spec) {
        return Devices.rootDisk(spec.devicesOrEmpty()).map(d -> d.get("size")).filter(v -> !v.isEmpty())
                .map(v -> OptionalLong.of(Limits.parseMemory(v))).orElse(OptionalLong.empty());
    }

    private void requireExists(ContainerLayout layout) {
        if (!exists(layout)) {
            throw new CommandRefused(404, "Instance " + layout.containerId() + " does not exist on this node");
        }
    }

    /** Persists a newer spec (a start may carry changed config, applied as LXD does at the next start). */
    public void updateSpec(ContainerLayout layout, ContainerSpec spec) {
        if (spec != null) {
            writeSpec(layout, spec);
        }
    }

    public ContainerSpec readSpec(ContainerLayout layout) {
        try {
            return Json.read(Files.readString(layout.specJson()), ContainerSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.specJson() + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deleting through a still-mounted layer would delete the image or the disk under it: refuse. */
    private void removeTree(ContainerLayout layout) {
        mounts.anyMounted(layout).ifPresent(mounted -> {
            throw new IllegalStateException(mounted + " is still mounted; refusing to delete " + layout.dir());
        });
        Trees.delete(layout.dir());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
