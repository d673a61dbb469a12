package dev.berth.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.InstancesPost;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/machines}: the figures of the isolation issue, through the REST API on this host (run as root: it reads
 * cgroups and /proc, and polls systemd with {@code runc exec}): Debian boot to {@code running}, density (N busybox
 * containers: total launch time and memory per container), and snapshot/restore times.
 */
@Command(name = "bench/machines", mixinStandardHelpOptions = true, description = "Boot, density and snapshot figures.")
public final class MachinesBench implements Callable<Integer> {
    private static final String RUNC_ROOT = "/run/berth/runc";

    @Option(names = "--density", defaultValue = "200", description = "Busybox containers kept running at once.")
    int density;

    @Option(names = "--debian", defaultValue = "debian/12", description = "Image alias for the boot figure; "
            + "skipped when it does not exist.")
    String debian;

    @Option(names = "--boots", defaultValue = "10", description = "Measured Debian boots.")
    int boots;

    @Option(names = "--snapshots", defaultValue = "10", description = "Measured snapshots and restores per pool.")
    int snapshots;

    @Option(names = "--launches", defaultValue = "10", description = "Measured busybox launches per pool driver.")
    int launches;

    /** The pools measured: the built-in overlay pool and a dir and a btrfs pool made for the run. */
    private static final Map<String, Map<String, Object>> POOLS = Map.of(
            "dir", Map.of("name", "bench-dir", "driver", "dir"),
            "btrfs", Map.of("name", "bench-btrfs", "driver", "btrfs", "config", Map.of("size", "8GiB")));

    private final LxdClient client = LxdClient.fromEnv();
    private final Map<String, Object> report = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new MachinesBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        report.put("host_cpus", Runtime.getRuntime().availableProcessors());
        if (boots > 0) {
            debianBoot();
        }
        if (snapshots > 0 || launches > 0) {
            perPool();
        }
        if (density > 0) {
            density();
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        return 0;
    }

    /**
     * From the create request to {@code systemctl is-system-running} answering {@code running}, split at the moment
     * the container's systemd started ({@code UserspaceTimestampMonotonic}): what Berth's path costs (API, executor,
     * mounts, runc) and what systemd's boot costs. One unmeasured warm-up boot first: the first launch of an image on
     * a node downloads and unpacks it.
     */
    private void debianBoot() throws Exception {
        try {
            client.sync("GET", "/1.0/images/aliases/" + LxdClient.segment(debian), null);
        } catch (RuntimeException e) {
            report.put("debian_boot", "skipped: no image alias " + debian);
            return;
        }
        List<Double> total = new ArrayList<>();
        List<Double> toInit = new ArrayList<>();
        List<Double> initToRunning = new ArrayList<>();
        TraceHops hops = new TraceHops();
        for (int i = -1; i < boots; i++) {
            String name = i < 0 ? "bench-deb-w" : "bench-deb-" + i;
            long t0 = System.nanoTime();
            var done = client.waitSuccess(client.createInstance(post(name, debian)), 300);
            // The end is systemd's own timestamp (both clocks are CLOCK_MONOTONIC: no time namespace), so the poll
            // only learns that the boot is over. It waits before its first runc exec and then polls slowly, so it
            // takes no CPU from the boot it measures (a 10 ms poll added ~130 ms).
            Thread.sleep(Math.max(0, TimeUnit.MILLISECONDS.toNanos(1500) - (System.nanoTime() - t0)) / 1_000_000);
            while (!"running".equals(inside(name, "systemctl", "is-system-running"))) {
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException(name + " did not reach running in 60 s");
                }
                Thread.sleep(200);
            }
            String[] stamps = inside(name, "systemctl", "show", "-p", "UserspaceTimestampMonotonic", "-p",
                    "FinishTimestampMonotonic", "--value").split("\\s+");
            double init = Long.parseLong(stamps[0]) / 1e3 - t0 / 1e6;
            double finish = Long.parseLong(stamps[1]) / 1e3 - t0 / 1e6;
            System.err.printf("bench: %s running after %.0f ms (systemd started at %.0f ms)%s%n", name, finish, init,
                    i < 0 ? ", warm-up" : "");
            if (i >= 0) {
                total.add(finish);
                toInit.add(init);
                initToRunning.add(finish - init);
                hops.addOperationMetadata(done.metadata());
            }
            delete(name);
        }
        report.put("debian_boot_to_running_ms", Percentiles.of(total));
        report.put("debian_boot_request_to_init_ms", Percentiles.of(toInit));
        report.put("debian_boot_init_to_running_ms", Percentiles.of(initToRunning));
        report.put("debian_boot_hops_ms", hops.summaries());
    }

    /** Launch, snapshot and restore times on the overlay pool and on a dir and a btrfs pool made for the run. */
    private void perPool() throws Exception {
        Map<String, Object> launch = new LinkedHashMap<>();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        Map<String, Object> restore = new LinkedHashMap<>();
        for (String driver : List.of("overlay", "dir", "btrfs")) {
            String pool = driver.equals("overlay") ? "default" : (String) POOLS.get(driver).get("name");
            if (!driver.equals("overlay")) {
                client.sync("POST", "/1.0/storage-pools", POOLS.get(driver));
            }
            try {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < launches; i++) {
                    String name = "bench-l-" + driver + "-" + i;
                    long t0 = System.nanoTime();
                    client.waitSuccess(client.createInstance(post(name, "busybox", pool)), 120);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    delete(name);
                }
                if (launches > 0) {
                    launch.put(driver, Percentiles.of(ms));
                }
                if (snapshots > 0) {
                    List<List<Double>> times = snapshotRestore(pool);
                    snapshot.put(driver, Percentiles.of(times.get(0)));
                    restore.put(driver, Percentiles.of(times.get(1)));
                }
            } finally {
                if (!driver.equals("overlay")) {
                    client.sync("DELETE", "/1.0/storage-pools/" + pool, null);
                }
            }
        }
        report.put("busybox_launch_ms_by_driver", launch);
        report.put("snapshot_ms_by_driver", snapshot);
        report.put("restore_running_ms_by_driver", restore);
        report.put("snapshot_data", "a running busybox with a 20 MiB file and 500 small files");
    }

    /** Snapshot times, then restore times (of the running instance: stop, restore, start). */
    private List<List<Double>> snapshotRestore(String pool) throws Exception {
        String name = "bench-snap";
        client.waitSuccess(client.createInstance(post(name, "busybox", pool)), 120);
        try {
            run("runc", "--root", RUNC_ROOT, "exec", "default_" + name, "sh", "-c",
                    "dd if=/dev/urandom of=/root/blob bs=1M count=20 2>/dev/null; mkdir -p /root/tree;"
                            + " for i in $(seq 1 500); do echo $i > /root/tree/f$i; done");
            List<Double> snap = new ArrayList<>();
            List<Double> restore = new ArrayList<>();
            for (int i = 0; i < snapshots; i++) {
                long t0 = System.nanoTime();
                client.waitSuccess(client.async("POST", "/1.0/instances/" + name + "/snapshots",
                        Map.of("name", "s" + i)), 120);
                snap.add((System.nanoTime() - t0) / 1e6);
                long t1 = System.nanoTime();
                client.waitSuccess(client.async("PUT", "/1.0/instances/" + name, Map.of("restore", "s" + i)), 120);
                restore.add((System.nanoTime() - t1) / 1e6);
            }
            return List.of(snap, restore);
        } finally {
            delete(name);
        }
    }

    private void density() throws Exception {
        long availBefore = memAvailable();
        long t0 = System.nanoTime();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < density; i++) {
                String name = "bench-d" + i;
                client.waitSuccess(client.createInstance(post(name, "busybox")), 120);
                names.add(name);
            }
            double launchS = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(2000);
            long cgroup = 0;
            long conmonPss = 0;
            for (String name : names) {
                Path dir = Path.of("/sys/fs/cgroup/memory/berth/default_" + name);
                cgroup += Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).strip());
                Path pidFile = Path.of(System.getenv().getOrDefault("BERTH_STATE_DIR", "/var/lib/berth"),
                        "executor/containers/default_" + name + "/conmon.pid");
                conmonPss += pss(Files.readString(pidFile).strip());
            }
            long availAfter = memAvailable();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("containers", density);
            d.put("launch_total_s", Percentiles.round(launchS * 1000) / 1000);
            d.put("launch_mean_ms", Percentiles.round(launchS * 1000 / density));
            d.put("memcg_per_container_mib", mib(cgroup / density));
            d.put("conmon_pss_per_container_mib", mib(conmonPss / density));
            d.put("memavailable_drop_per_container_mib", mib((availBefore - availAfter) / density));
            report.put("density", d);
        } finally {
            long t1 = System.nanoTime();
            for (String name : names) {
                delete(name);
            }
            report.put("density_delete_total_s", Percentiles.round((System.nanoTime() - t1) / 1e6) / 1000);
        }
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1048576.0 * 100) / 100.0;
    }

    private static long memAvailable() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static long pss(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private void delete(String name) {
        try {
            client.waitSuccess(client.changeState(name, "stop", true, -1), 120);
        } catch (RuntimeException e) {
            // already stopped
        }
        client.waitSuccess(client.deleteInstance(name), 120);
    }

    private static InstancesPost post(String name, String alias) {
        return post(name, alias, "default");
    }

    private static InstancesPost post(String name, String alias, String pool) {
        Map<String, Map<String, String>> devices = pool.equals("default")
                ? null
                : Map.of("root", Map.of("type", "disk", "path", "/", "pool", pool));
        return new InstancesPost(name, "container", true, Map.of(), devices, null, null, null, null, null,
                new InstancesPost.InstanceSource("image", alias, null, null, null, null));
    }

    private static String inside(String name, String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("runc", "--root", RUNC_ROOT, "exec", "default_" + name));
        command.addAll(List.of(argv));
        return run(command.toArray(String[]::new)).strip();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
