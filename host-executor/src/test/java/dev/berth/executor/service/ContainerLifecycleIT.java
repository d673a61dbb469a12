package dev.berth.executor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.IdMap;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.executor.config.ContainerLayout;
import dev.berth.executor.config.ExecutorPaths;
import dev.berth.executor.image.ImageCache;
import dev.berth.executor.image.ImageDownloader;
import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecResult;
import dev.berth.executor.runtime.ConmonConfig;
import dev.berth.executor.runtime.RuncCli;
import dev.berth.executor.runtime.RuncGlobal;
import dev.berth.executor.storage.IdmappedMounts;
import dev.berth.executor.storage.OverlayDriver;
import dev.berth.executor.storage.RootfsMounts;
import dev.berth.executor.storage.StoragePools;
import dev.berth.executor.support.ImageServer;
import dev.berth.executor.support.RecordingSink;
import dev.berth.executor.support.TestImages;

/** Drives the executor's service classes against real runc, conmon, overlayfs and cgroups (needs root). */
class ContainerLifecycleIT {
    private static final String NODE = "local";
    private static final String PROJECT = "default";
    private static final long MEMORY = 64L << 20;

    private static Path stateDir;
    private static Path runDir;
    private static ExecutorPaths paths;
    private static RuncCli runtime;
    private static OverlayDriver storage;
    private static ContainerManager containers;
    private static ContainerLocks locks;
    private static RecordingSink sink;
    private static HostCommandHandler handler;
    private static ExitCollector collector;
    private static ExitWatcher watcher;
    private static ImageServer server;
    private static ContainerSpec spec;
    private static ContainerSpec noInitSpec;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/usr/bin/conmon")));
        stateDir = Files.createTempDirectory("itexec-state");
        runDir = Path.of("/run/berth-itexec-" + UUID.randomUUID().toString().substring(0, 8));
        paths = new ExecutorPaths(stateDir, runDir, Path.of("/sys/fs/cgroup"));
        runtime = new RuncCli(new RuncGlobal(Path.of("/usr/sbin/runc"), paths.runcRoot()),
                new ConmonConfig(Path.of("/usr/bin/conmon"), paths.exitsDir(), paths.socksDir(), 1 << 20));
        storage = new OverlayDriver();
        containers = new ContainerManager(paths, runtime,
                new RootfsMounts(storage, new IdmappedMounts(IdMap.DEFAULT)),
                new ImageCache(paths.imagesDir(), new ImageDownloader()), new StoragePools(paths.storagePoolsDir()), 2);
        locks = new ContainerLocks();
        sink = new RecordingSink();
        handler = new HostCommandHandler(NODE, containers, locks, sink);
        collector = new ExitCollector(NODE, containers, locks, sink);
        watcher = new ExitWatcher(paths.exitsDir(), collector::onExitFile);
        watcher.start();
        server = new ImageServer();
        TestImages.Tarball busybox = TestImages.busybox(stateDir.resolve("busybox.tar.gz"), true);
        TestImages.Tarball noInit = TestImages.busybox(stateDir.resolve("noinit.tar.gz"), false);
        Map<String, String> config = Map.of("limits.memory", "64MiB", "limits.processes", "50", "limits.cpu", "1");
        spec = new ContainerSpec(busybox.fingerprint(), server.serve("/busybox", busybox.file()), config);
        noInitSpec = new ContainerSpec(noInit.fingerprint(), server.serve("/noinit", noInit.file()), config);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (paths == null) {
            return;
        }
        try (Stream<Path> dirs = Files.list(paths.containersDir())) {
            dirs.forEach(d -> containers.remove(paths.container(d.getFileName().toString())));
        } catch (IOException e) {
            // nothing was created
        }
        for (String pool : containers.pools().recorded()) {
            containers.pools().delete(pool);
        }
        watcher.close();
        server.close();
        Trees.delete(stateDir);
        Trees.delete(runDir);
    }

    @BeforeEach
    void clearEvents() {
        sink.clear();
    }

    @Test
    void shouldRunStopRestartAndDeleteWhenDrivenThroughTheLifecycle() throws Exception {
        // Given
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        String id = new InstanceRef(PROJECT, name).containerId();
        ContainerLayout layout = paths.container(id);

        // When: create and start
        long t0 = System.nanoTime();
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, spec, true));
        double createMs = (System.nanoTime() - t0) / 1e6;

        // Then
        assertThat(sink.payloads()).hasSize(2);
        assertThat(sink.payloads().get(0)).isEqualTo(new HostEvent.ContainerCreated(NODE, PROJECT, name));
        HostEvent.ContainerStarted started = (HostEvent.ContainerStarted) sink.payloads().get(1);
        assertThat(started.pid()).isPositive();
        assertThat(sink.events.get(1).envelope().trace()).containsKeys("executor.received", "runc.begin",
                "runc.started", "executor.published");
        assertThat(sink.events.get(1).envelope().operationId()).isEqualTo("op-it");
        assertThat(runtime.state(id)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("running"));
        assertThat(cgroupValue("memory", id, "memory.limit_in_bytes")).isEqualTo(Long.toString(MEMORY));
        assertThat(cgroupValue("pids", id, "pids.max")).isEqualTo("50");
        assertThat(cgroupValue("cpuset", id, "cpuset.cpus")).isEqualTo("0");
        assertThat(new StatsReader(paths.runcRoot(), new Cgroups(paths)).read(id).processes()).isPositive();
        System.out.printf("create+start of %s took %.1f ms (first run includes the image download)%n", id, createMs);

        // When: a graceful stop
        sink.clear();
        long t1 = System.nanoTime();
        send(new HostCommand.StopContainer(NODE, PROJECT, name, 10, false));
        System.out.printf("graceful stop took %.1f ms%n", (System.nanoTime() - t1) / 1e6);

        // Then: busybox init halted on SIGPWR; the pid namespace's init died of SIGINT (128+2)
        assertThat(sink.payloads()).containsExactly(new HostEvent.ContainerStopped(NODE, PROJECT, name, 130, true));
        assertThat(runtime.state(id)).isEmpty();
        assertThat(storage.isMounted(layout.rootfs())).isFalse();

        // When: stopping again
        sink.clear();
        send(new HostCommand.StopContainer(NODE, PROJECT, name, 10, false));

        // Then: a no-op that reports the same exit
        assertThat(sink.payloads()).containsExactly(new HostEvent.ContainerStopped(NODE, PROJECT, name, 130, true));

        // When: started again, then its init is killed from outside
        sink.clear();
        long t2 = System.nanoTime();
        send(new HostCommand.StartContainer(NODE, PROJECT, name, spec));
        System.out.printf("warm start (image cached, container created) took %.1f ms%n",
                (System.nanoTime() - t2) / 1e6);
        long pid = ((HostEvent.ContainerStarted) sink.payloads().get(0)).pid();
        sink.clear();
        Exec.run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(5)).orThrow("kill");

        // Then: the watcher reports an unrequested stop with a fresh root envelope
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sink.payloads())
                .containsExactly(new HostEvent.ContainerStopped(NODE, PROJECT, name, 137, false)));
        assertThat(sink.events.get(0).envelope().operationId()).isNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runtime.state(id)).isEmpty());

        // When: restarted (not running, so stop is a no-op) and then deleted while running
        sink.clear();
        send(new HostCommand.RestartContainer(NODE, PROJECT, name, spec, 5, false));
        assertThat(sink.payloads()).hasSize(2);
        assertThat(sink.payloads().get(0)).isInstanceOf(HostEvent.ContainerStopped.class);
        assertThat(sink.payloads().get(1)).isInstanceOf(HostEvent.ContainerStarted.class);
        sink.clear();
        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));

        // Then: nothing is left
        assertThat(sink.payloads()).containsExactly(new HostEvent.ContainerDeleted(NODE, PROJECT, name));
        assertNothingLeft(layout);

        // When: deleting again
        sink.clear();
        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));

        // Then
        assertThat(sink.payloads()).containsExactly(new HostEvent.ContainerDeleted(NODE, PROJECT, name));
    }

    @Test
    void shouldLeaveNothingBehindWhenRuncCreateFails() throws Exception {
        // Given: an image without /sbin/init
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerLayout layout = paths.container(new InstanceRef(PROJECT, name).containerId());

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, noInitSpec, true));

        // Then
        assertThat(sink.payloads()).hasSize(1);
        HostEvent.HostCommandFailed failed = (HostEvent.HostCommandFailed) sink.payloads().get(0);
        assertThat(failed.command()).isEqualTo("CreateContainer");
        assertThat(failed.error()).contains("runc create").contains("/sbin/init");
        assertNothingLeft(layout);
    }

    @Test
    void shouldFailWithoutLeftoversWhenTheImageChecksumDiffers() throws Exception {
        // Given
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerLayout layout = paths.container(new InstanceRef(PROJECT, name).containerId());
        ContainerSpec wrong = new ContainerSpec("ab".repeat(32), spec.imageUrl(), Map.of());

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, wrong, true));

        // Then
        HostEvent.HostCommandFailed failed = (HostEvent.HostCommandFailed) sink.payloads().get(0);
        assertThat(failed.error()).contains("sha256 mismatch");
        assertThat(paths.imagesDir().resolve("ab".repeat(32))).doesNotExist();
        assertNothingLeft(layout);
    }

    @Test
    void shouldKeepRunningAndCollectTheExitLaterWhenTheExecutorRestarts() throws Exception {
        // Given: a running container, and an "executor restart" (fresh collector, no watcher events for it)
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        String id = new InstanceRef(PROJECT, name).containerId();
        ContainerLayout layout = paths.container(id);
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, spec, true));
        long pid = ((HostEvent.ContainerStarted) sink.payloads().get(1)).pid();
        RecordingSink restartedSink = new RecordingSink();
        ExitCollector restarted = new ExitCollector(NODE, containers, locks, restartedSink);

        // When: reconciling a running container
        new Reconciler(paths, restarted).run();

        // Then: it is left alone
        assertThat(restartedSink.events).isEmpty();
        assertThat(runtime.state(id)).hasValueSatisfying(s -> assertThat(s.running()).isTrue());
        assertThat(Monitor.conmonAlive(layout)).isTrue();

        // When: it exits and the (restarted) executor reconciles
        Exec.run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(5)).orThrow("kill");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.payloads().size() == 3
                || Monitor.exitOf(layout).isPresent());
        new Reconciler(paths, restarted).run();

        // Then: exactly one of the two executors reported the exit
        List<HostEvent> all = Stream.concat(sink.payloads().stream().skip(2), restartedSink.payloads().stream())
                .toList();
        assertThat(all).containsExactly(new HostEvent.ContainerStopped(NODE, PROJECT, name, 137, false));
        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));
        assertNothingLeft(layout);
    }

    @Test
    void shouldSkipTheCommandWhenKafkaRedeliversIt() throws Exception {
        // Given: a create+start that was carried out, then the container stopped by itself
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        String id = new InstanceRef(PROJECT, name).containerId();
        Message<HostCommand> create = new Message<>(Envelope.root("op-redeliver", PROJECT),
                new HostCommand.CreateContainer(NODE, PROJECT, name, spec, true));
        handler.handle(create);
        long pid = ((HostEvent.ContainerStarted) sink.payloads().get(1)).pid();
        Exec.run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(5)).orThrow("kill");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.payloads().size() == 3);
        sink.clear();

        // When: the same message arrives again
        handler.handle(create);

        // Then: the container is not started again
        assertThat(sink.events).isEmpty();
        assertThat(runtime.state(id)).isEmpty();
        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));
        assertNothingLeft(paths.container(id));
    }

    @Test
    void shouldRunRootAsTheHostRangeWithoutChowningTheImageWhenUnprivileged() throws Exception {
        // Given: a container with no security keys
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        String id = new InstanceRef(PROJECT, name).containerId();
        ContainerLayout layout = paths.container(id);

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, spec, true));
        long pid = ((HostEvent.ContainerStarted) sink.payloads().get(1)).pid();

        // Then: its root is host uid 1000000, inside it sees a 0 -> 1000000 map and its image files as root's
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("(?m)^Uid:\\s+1000000\\s");
        assertThat(exec(id, "cat", "/proc/self/uid_map").stdout()).containsPattern("^\\s*0\\s+1000000\\s+1000000000");
        assertThat(exec(id, "stat", "-c", "%u", "/bin/busybox").stdout().strip()).isEqualTo("0");
        // and what it writes is stored in the host range, in its own layer only (the image is not chowned)
        exec(id, "sh", "-c", "echo hello > /root/written").orThrow("write");
        assertThat(Files.getAttribute(layout.upper().resolve("root/written"), "unix:uid")).isEqualTo(1_000_000);
        assertThat(Files.readString(layout.disk().resolve("idmap")).strip()).isEqualTo("1000000:1000000000");
        // the cgroup dir is delegated to the mapped root, the limit files are not
        assertThat(Files.getAttribute(paths.cgroup("memory", id), "unix:uid")).isEqualTo(1_000_000);
        assertThat(Files.getAttribute(paths.cgroup("memory", id).resolve("memory.limit_in_bytes"), "unix:uid"))
                .isEqualTo(0);
        // without nesting, /proc is partly covered, so the kernel refuses a fresh proc mount in a nested namespace
        assertThat(exec(id, "unshare", "-U", "-r", "-m", "-p", "-f", "--mount-proc", "true").exitCode()).isNotZero();

        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));
        assertNothingLeft(layout);
    }

    @Test
    void shouldAllowNestedNamespacesWhenNestingIsOnAndRunAsHostRootWhenPrivileged() throws Exception {
        // Given
        String nested = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        String privileged = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerSpec nesting = new ContainerSpec(spec.fingerprint(), spec.imageUrl(),
                Map.of("security.nesting", "true"));
        ContainerSpec host = new ContainerSpec(spec.fingerprint(), spec.imageUrl(),
                Map.of("security.privileged", "true"));

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, nested, nesting, true));
        send(new HostCommand.CreateContainer(NODE, PROJECT, privileged, host, true));
        long privilegedPid = ((HostEvent.ContainerStarted) sink.payloads().get(3)).pid();

        // Then
        String nestedId = new InstanceRef(PROJECT, nested).containerId();
        ExecResult inner = exec(nestedId, "unshare", "-U", "-r", "-m", "-p", "-f", "--mount-proc", "cat",
                "/proc/self/uid_map");
        assertThat(inner.exitCode()).as(inner.stderr()).isZero();
        assertThat(Files.readString(Path.of("/proc/" + privilegedPid + "/status")))
                .containsPattern("(?m)^Uid:\\s+0\\s");
        assertThat(paths.container(new InstanceRef(PROJECT, privileged).containerId()).shiftedLower()).doesNotExist();

        send(new HostCommand.DeleteContainer(NODE, PROJECT, nested));
        send(new HostCommand.DeleteContainer(NODE, PROJECT, privileged));
        assertNothingLeft(paths.container(nestedId));
        assertNothingLeft(paths.container(new InstanceRef(PROJECT, privileged).containerId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir", "btrfs"})
    void shouldKeepAnUnprivilegedContainersFilesUnshiftedWhenItsRootDiskIsOnAPool(String driver) throws Exception {
        String pool = "it" + driver + "-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            onPool(driver, pool, name);
        } finally {
            // a failure must not leave the pool mounted for the tests after this one
            send(new HostCommand.DeleteContainer(NODE, PROJECT, name));
            send(new HostCommand.DeleteStoragePool(NODE, PROJECT, pool));
        }
    }

    private void onPool(String driver, String pool, String name) throws Exception {
        // Given: a pool, and a container whose root disk is on it (btrfs with a size limit)
        String id = new InstanceRef(PROJECT, name).containerId();
        ContainerLayout layout = paths.container(id);
        boolean btrfs = driver.equals("btrfs");
        send(new HostCommand.CreateStoragePool(NODE, PROJECT, pool, driver,
                btrfs ? Map.of("size", "512MiB") : Map.of()));
        assertThat(sink.payloads()).containsExactly(new HostEvent.StoragePoolCreated(NODE, PROJECT, pool));
        Map<String, String> root = new java.util.HashMap<>(Map.of("type", "disk", "path", "/", "pool", pool));
        if (btrfs) {
            root.put("size", "64MiB");
        }
        ContainerSpec onPool = new ContainerSpec(spec.fingerprint(), spec.imageUrl(), null, Map.of(),
                Map.of("root", root));
        sink.clear();

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, onPool, true));

        // Then: root is the host range inside, and what it writes is stored as uid 0 in the pool's volume
        assertThat(sink.payloads()).as(sink.payloads().toString()).hasSize(2);
        long pid = ((HostEvent.ContainerStarted) sink.payloads().get(1)).pid();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("(?m)^Uid:\\s+1000000\\s");
        exec(id, "sh", "-c", "echo hello > /root/written").orThrow("write");
        Path volumeRoot = ((dev.berth.executor.storage.volume.Layers.Single) containers.pools().driver(pool)
                .layers(id, Path.of("/"))).dir();
        assertThat(volumeRoot.toString()).contains(paths.storagePoolsDir().resolve(pool).toString());
        assertThat(Files.getAttribute(volumeRoot.resolve("root/written"), "unix:uid")).isEqualTo(0);
        assertThat(exec(id, "stat", "-c", "%u", "/root/written").stdout().strip()).isEqualTo("0");
        if (btrfs) {
            // the qgroup limit holds: 100 MiB do not fit in 64 MiB
            assertThat(exec(id, "dd", "if=/dev/zero", "of=/root/big", "bs=1M", "count=100").exitCode()).isNotZero();
            exec(id, "rm", "-f", "/root/big").orThrow("rm");
        }

        // When: a snapshot of the running container, a change, and a restore
        sink.clear();
        send(new HostCommand.SnapshotContainer(NODE, PROJECT, name, "snap0"));
        exec(id, "sh", "-c", "echo changed > /root/written").orThrow("change");
        send(new HostCommand.RestoreContainer(NODE, PROJECT, name, "snap0", onPool));

        // Then: the file is back and the container runs again
        assertThat(sink.payloads()).contains(new HostEvent.SnapshotCreated(NODE, PROJECT, name, "snap0"),
                new HostEvent.ContainerRestored(NODE, PROJECT, name, "snap0", true));
        assertThat(exec(id, "cat", "/root/written").stdout().strip()).isEqualTo("hello");

        // When: the pool is deleted while the container is on it
        sink.clear();
        send(new HostCommand.DeleteStoragePool(NODE, PROJECT, pool));

        // Then: refused with 400, nothing removed
        HostEvent.HostCommandFailed refused = (HostEvent.HostCommandFailed) sink.payloads().get(0);
        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.error()).contains(id);

        // When: the container goes, then the pool
        sink.clear();
        send(new HostCommand.DeleteContainer(NODE, PROJECT, name));
        send(new HostCommand.DeleteStoragePool(NODE, PROJECT, pool));

        // Then: the container, the pool's files, mount and loop device are gone
        assertThat(sink.payloads()).containsExactly(new HostEvent.ContainerDeleted(NODE, PROJECT, name),
                new HostEvent.StoragePoolDeleted(NODE, PROJECT, pool));
        assertNothingLeft(layout);
        assertThat(paths.storagePoolsDir().resolve(pool)).doesNotExist();
        assertThat(Exec.run(List.of("losetup", "-a"), Duration.ofSeconds(5)).stdout()).doesNotContain(pool);
    }

    @Test
    void shouldRefuseARootDiskSizeWithoutLeftoversWhenThePoolCannotEnforceIt() throws Exception {
        // Given
        String pool = "itdir-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "itexec-" + UUID.randomUUID().toString().substring(0, 8);
        send(new HostCommand.CreateStoragePool(NODE, PROJECT, pool, "dir", Map.of()));
        ContainerSpec sized = new ContainerSpec(spec.fingerprint(), spec.imageUrl(), null, Map.of(),
                Map.of("root", Map.of("type", "disk", "path", "/", "pool", pool, "size", "1GiB")));
        sink.clear();

        // When
        send(new HostCommand.CreateContainer(NODE, PROJECT, name, sized, true));

        // Then
        HostEvent.HostCommandFailed failed = (HostEvent.HostCommandFailed) sink.payloads().get(0);
        assertThat(failed.code()).isEqualTo(400);
        assertThat(failed.error()).contains("size");
        assertNothingLeft(paths.container(new InstanceRef(PROJECT, name).containerId()));
        assertThat(containers.pools().driver(pool).volumes()).isEmpty();
        send(new HostCommand.DeleteStoragePool(NODE, PROJECT, pool));
        assertThat(paths.storagePoolsDir().resolve(pool)).doesNotExist();
    }

    /** Runs a busybox applet in the container (the test image links only a few). */
    private static ExecResult exec(String id, String... argv) {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/sbin/runc", "--root",
                paths.runcRoot().toString(), "exec", id, "/bin/busybox"));
        command.addAll(List.of(argv));
        return Exec.run(command, Duration.ofSeconds(20));
    }

    private static void send(HostCommand command) {
        handler.handle(new Message<>(Envelope.root("op-it", command.project()), command));
    }

    private static String cgroupValue(String controller, String id, String file) throws IOException {
        return Files.readString(paths.cgroup(controller, id).resolve(file)).strip();
    }

    private static void assertNothingLeft(ContainerLayout layout) throws IOException {
        String id = layout.containerId();
        assertThat(runtime.state(id)).isEmpty();
        assertThat(storage.isMounted(layout.rootfs())).isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(stateDir.toString());
        assertThat(new Cgroups(paths).remaining(id)).isZero();
        assertThat(layout.dir()).doesNotExist();
        assertThat(layout.exitFile()).doesNotExist();
        assertThat(layout.socksEntry()).doesNotExist();
        assertThat(conmonsFor(id)).isEmpty();
    }

    /** Live conmon processes whose command line names this container (zombies have an empty command line). */
    private static List<String> conmonsFor(String id) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException e) {
                    return "";
                }
            }).filter(cmd -> cmd.contains("conmon") && cmd.contains(" " + id + " ")).toList();
        }
    }
}
