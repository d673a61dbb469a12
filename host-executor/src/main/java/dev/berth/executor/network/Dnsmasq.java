package dev.berth.executor.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecException;
import dev.berth.executor.proc.ExecResult;
import dev.berth.executor.service.Trees;

/**
 * One dnsmasq per network, run as a plain daemon (it forks, its parent exits once the sockets are bound, and it lives
 * on when the executor restarts) with its pid file, leases and host files in {@code <stateDir>/<network>/}. dnsmasq
 * drops to user nobody, so that directory must be traversable by others: host files are re-read after the drop.
 */
public final class Dnsmasq {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private final Path stateDir;

    public Dnsmasq(Path stateDir) {
        this.stateDir = stateDir;
    }

    /**
     * Makes the network's dnsmasq run with {@code spec} and serve {@code leases}: starts it when absent, restarts it
     * when its command line differs (a changed spec, or a pid reused by something else), and sends SIGHUP when only
     * the static leases changed.
     */
    public void ensure(DnsmasqSpec spec, List<StaticLease> leases) {
        DnsmasqFiles files = files(spec.network());
        Trees.mkdirs(files.dir());
        setMode(files.dir(), "rwxr-xr-x");
        boolean changed = writeHosts(files, spec, leases);
        List<String> args = DnsmasqArgs.render(NetTools.find("dnsmasq").toString(), spec, files);
        OptionalLong pid = pid(spec.network());
        if (pid.isPresent() && Signals.cmdline(pid.getAsLong()).equals(args)) {
            if (changed) {
                Signals.send(pid.getAsLong(), Signals.SIGHUP);
            }
            return;
        }
        stop(spec.network());
        start(args);
    }

    /** Rewrites the static leases and makes the running dnsmasq re-read them; a no-op when nothing changed. */
    public void updateLeases(DnsmasqSpec spec, List<StaticLease> leases) {
        DnsmasqFiles files = files(spec.network());
        if (writeHosts(files, spec, leases)) {
            pid(spec.network()).ifPresent(p -> Signals.send(p, Signals.SIGHUP));
        }
    }

    /** The pid of the network's running dnsmasq: the pid file's, when that process is a dnsmasq using that file. */
    public OptionalLong pid(String network) {
        DnsmasqFiles files = files(network);
        long pid;
        try {
            pid = Long.parseLong(Files.readString(files.pid()).strip());
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        List<String> cmdline = Signals.cmdline(pid);
        boolean ours = !cmdline.isEmpty() && cmdline.get(0).endsWith("dnsmasq")
                && cmdline.contains("--pid-file=" + files.pid());
        return ours ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** Stops the network's dnsmasq (SIGTERM, then SIGKILL after 5 s) and removes its pid file; keeps the leases. */
    public void stop(String network) {
        DnsmasqFiles files = files(network);
        OptionalLong pid = pid(network);
        if (pid.isPresent()) {
            long p = pid.getAsLong();
            Signals.send(p, Signals.SIGTERM);
            if (!waitForExit(p, STOP_WAIT)) {
                Signals.send(p, Signals.SIGKILL);
                if (!waitForExit(p, STOP_WAIT)) {
                    throw NetworkException.internal("dnsmasq " + p + " of network " + network + " does not die");
                }
            }
        }
        try {
            Files.deleteIfExists(files.pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the network's dnsmasq and removes all its files, leases included; a no-op when nothing is there. */
    public void delete(String network) {
        stop(network);
        Trees.delete(files(network).dir());
    }

    /** The network's leases, for {@code GET /1.0/networks/{name}/leases}. */
    public List<Lease> leases(String network, List<StaticLease> statics) {
        return LeaseFile.read(files(network).leases(), statics);
    }

    DnsmasqFiles files(String network) {
        return new DnsmasqFiles(stateDir.resolve(NetNames.iface("network name", network)));
    }

    private static void start(List<String> args) {
        ExecResult result;
        try {
            result = Exec.run(args, NetTools.TIMEOUT);
        } catch (ExecException e) {
            throw NetworkException.internal(e.getMessage(), e);
        }
        if (!result.ok()) {
            throw NetworkException.internal("dnsmasq failed to start (exit " + result.exitCode() + "): "
                    + result.errorText());
        }
    }

    private static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Signals.alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NetworkException.internal("interrupted while stopping dnsmasq " + pid, e);
            }
        }
        return true;
    }

    /** Writes both host files, each atomically; true when either changed. */
    private static boolean writeHosts(DnsmasqFiles files, DnsmasqSpec spec, List<StaticLease> leases) {
        boolean a = writeIfChanged(files.dhcpHosts(), DnsmasqArgs.dhcpHosts(leases));
        boolean b = writeIfChanged(files.dnsHosts(), DnsmasqArgs.dnsHosts(leases, spec.domain()));
        return a || b;
    }

    private static boolean writeIfChanged(Path file, String content) {
        try {
            if (Files.exists(file) && Files.readString(file).equals(content)) {
                return false;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            setMode(tmp, "rw-r--r--");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw NetworkException.internal("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void setMode(Path path, String mode) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw NetworkException.internal("cannot chmod " + path + ": " + e.getMessage(), e);
        }
    }
}
