package dev.berth.cli.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.InstancesPost.InstanceSource;
import dev.berth.contracts.lxd.Operation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/launch}: launches N instances one after another through the REST API, then deletes them, and prints
 * launch/delete latency percentiles plus per-hop latencies from each create operation's {@code berth_trace}.
 */
@Command(name = "bench/launch", mixinStandardHelpOptions = true, version = "bench/launch 0.1.0-SNAPSHOT", description = "Sequential launch/delete latency benchmark against the running stack on $BERTH_SOCKET.")
public final class LaunchBench implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "50", description = "Measured launches (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--image", defaultValue = "busybox", description = "Image alias (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--warmup", defaultValue = "3", description = "Uncounted warm-up launches (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for each operation (default: ${DEFAULT-VALUE}).")
    int timeout;

    private final PrintStream log = System.err;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Held around each launch and delete, so an exit hook can let the step in flight finish first. */
    private final ReentrantLock step = new ReentrantLock();
    private volatile boolean stopping;
    private volatile boolean cleanedUp;
    private LxdClient client;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LaunchBench()).execute(args));
    }

    @Override
    public Integer call() {
        if (count < 1 || warmup < 0) {
            log.println("bench: --count must be >= 1 and --warmup >= 0");
            return 2;
        }
        client = LxdClient.fromEnv();
        Thread hook = new Thread(this::cleanUpOnExit, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        String prefix = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        log.printf("bench: %d launches of %s (+%d warm-up) on %s, names %s-*%n", count, image, warmup,
                client.http().socket(), prefix);
        List<Double> launchMs = new ArrayList<>();
        List<Double> deleteMs = new ArrayList<>();
        TraceHops hops = new TraceHops();
        boolean ok = true;
        try {
            ok = warmUp(prefix);
            List<String> launched = new ArrayList<>();
            for (int i = 0; ok && !stopping && i < count; i++) {
                String name = prefix + "-" + i;
                Operation done = launch(name, "launch " + (i + 1) + "/" + count, launchMs);
                ok = done != null;
                if (ok) {
                    launched.add(name);
                    hops.addOperationMetadata(done.metadata());
                }
            }
            for (int i = 0; i < launched.size(); i++) {
                delete(launched.get(i), "delete " + (i + 1) + "/" + launched.size(), deleteMs);
            }
        } finally {
            ok &= cleanUp();
            Runtime.getRuntime().removeShutdownHook(hook);
            client.close();
        }
        System.out.println(BenchReport.render(count, image, launchMs, deleteMs, hops));
        System.out.flush();
        return ok ? 0 : 1;
    }

    private boolean warmUp(String prefix) {
        for (int i = 0; i < warmup; i++) {
            String name = prefix + "-w" + i;
            if (launch(name, "warm-up " + (i + 1) + "/" + warmup, null) == null) {
                return false;
            }
            delete(name, "warm-up delete " + (i + 1) + "/" + warmup, null);
        }
        return true;
    }

    /** Launches one instance; records its latency and returns the finished operation, or null if it failed. */
    private Operation launch(String name, String label, List<Double> samples) {
        step.lock();
        try {
            return stopping ? null : timedLaunch(name, label, samples);
        } finally {
            step.unlock();
        }
    }

    private Operation timedLaunch(String name, String label, List<Double> samples) {
        InstancesPost post = new InstancesPost(name, "container", true, Map.of(), null, null, null, null, null, null,
                new InstanceSource("image", image, null, null, null, null));
        live.add(name); // even a failed launch may leave an instance behind
        long t0 = System.nanoTime();
        try {
            Operation created = client.createInstance(post);
            Operation done = client.waitSuccess(created, timeout);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (samples != null) {
                samples.add(ms);
            }
            log.printf(Locale.ROOT, "bench: %s %s %.1f ms%n", label, name, ms);
            return done;
        } catch (RuntimeException e) {
            log.printf("bench: %s %s FAILED: %s%n", label, name, message(e));
            return null;
        }
    }

    /** Force-stops and deletes one instance, timing both; failures are logged and left to the clean-up. */
    private void delete(String name, String label, List<Double> samples) {
        step.lock();
        try {
            if (!stopping) {
                timedDelete(name, label, samples);
            }
        } finally {
            step.unlock();
        }
    }

    private void timedDelete(String name, String label, List<Double> samples) {
        long t0 = System.nanoTime();
        try {
            client.waitSuccess(client.changeState(name, "stop", true, -1), timeout);
            client.waitSuccess(client.deleteInstance(name), timeout);
            live.remove(name);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (samples != null) {
                samples.add(ms);
            }
            log.printf(Locale.ROOT, "bench: %s %s %.1f ms%n", label, name, ms);
        } catch (RuntimeException e) {
            log.printf("bench: %s %s FAILED: %s%n", label, name, message(e));
        }
    }

    /** Deletes whatever is left, tolerating instances that are stopped or already gone. */
    private synchronized boolean cleanUp() {
        if (cleanedUp) {
            return true;
        }
        boolean ok = true;
        for (String name : List.copyOf(live)) {
            try {
                try {
                    client.waitSuccess(client.changeState(name, "stop", true, -1), timeout);
                } catch (LxdException e) {
                    if (e.isNotFound()) {
                        live.remove(name);
                        continue;
                    }
                    // not running: fall through to the delete
                }
                client.waitSuccess(client.deleteInstance(name), timeout);
                live.remove(name);
                log.printf("bench: cleaned up %s%n", name);
            } catch (LxdException e) {
                if (e.isNotFound()) {
                    live.remove(name);
                } else {
                    ok = false;
                    log.printf("bench: could not delete %s: %s%n", name, e.getMessage());
                }
            } catch (RuntimeException e) {
                ok = false;
                log.printf("bench: could not delete %s: %s%n", name, message(e));
            }
        }
        cleanedUp = true;
        if (!live.isEmpty()) {
            log.printf("bench: left behind: %s%n", String.join(" ", live));
        }
        return ok;
    }

    /** On SIGINT/SIGTERM: stop launching, let the step in flight finish, then delete what exists. */
    private void cleanUpOnExit() {
        stopping = true;
        if (cleanedUp || client == null) {
            return;
        }
        log.println("bench: interrupted, cleaning up");
        boolean locked = false;
        try {
            locked = step.tryLock(timeout + 5L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            cleanUp();
        } finally {
            if (locked) {
                step.unlock();
            }
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
