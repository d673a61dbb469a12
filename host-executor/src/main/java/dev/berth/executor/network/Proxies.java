package dev.berth.executor.network;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

import dev.berth.contracts.config.ProxyAddress;
import dev.berth.contracts.config.ProxyAddress.Protocol;
import dev.berth.executor.revert.Reverter;

/**
 * Runs LXD {@code proxy} devices with {@code bind=host} as two socat daemons each: one in the container's network
 * namespace accepting on a relay socket in {@code dir} and connecting to {@code connect}, one on the host listening at
 * {@code listen} and handing every connection to the relay. Both are detached from the JVM and outlive an executor
 * restart; their pid files in {@code dir} find them again, checked against {@code /proc/<pid>/cmdline} and the working
 * directory since pids are reused. Stop a container's proxies before its rootfs is unmounted: the inside daemon keeps
 * its network namespace, and for a unix {@code connect} its root directory, open.
 */
public final class Proxies {
    /** socat binds within milliseconds; a failure (address in use) shows as its exit well before this. */
    private static final Duration READY = Duration.ofSeconds(5);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /**
     * Makes {@code spec} run for the container whose init is {@code pid}: a no-op when both daemons already run it in
     * that container's network namespace, otherwise whatever runs for the device is stopped and both are started.
     * Returns once the host side listens. A failure leaves nothing running and throws a {@link NetworkException}: 400
     * when {@code listen} cannot be bound (in use, not a local address), 500 otherwise.
     */
    public void start(long pid, Path dir, ProxySpec spec) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw NetworkException.internal("cannot create " + dir + ": " + e.getMessage(), e);
        }
        ProxyFiles files = files(dir, spec.device());
        String socat = NetTools.find("socat").toString();
        List<String> host = ProxyArgs.host(socat, spec, files);
        List<String> inside = ProxyArgs.inside(socat, spec, files);
        String netns = netns(pid).orElseThrow(() -> NetworkException.badRequest("process " + pid
                + " does not exist"));
        if (alreadyRunning(files, host, inside, netns)) {
            return;
        }
        stop(dir, spec.device());
        prepare(files, spec);
        try (Reverter revert = new Reverter()) {
            revert.add("stop proxy " + spec.device(), () -> stop(dir, spec.device()));
            List<String> entered = new ArrayList<>(List.of(NetTools.find("nsenter").toString(), "-t",
                    Long.toString(pid), "-n"));
            entered.addAll(inside);
            Detached.launch(entered, files.dir(), files.insidePid(), files.log(),
                    ProxyArgs.needsRoot(spec) ? Path.of("/proc", Long.toString(pid), "root") : null);
            if (Detached.awaitReady(files.insidePid(), p -> ready(p, inside, netns), READY).isEmpty()) {
                throw failure(files, spec, "cannot start its socat in the container (process " + pid + ")", false);
            }
            Detached.launch(host, files.dir(), files.hostPid(), files.log(), null);
            if (Detached.awaitReady(files.hostPid(), p -> ready(p, host, null), READY).isEmpty()) {
                throw failure(files, spec, "cannot listen on " + spec.listen(), true);
            }
            revert.success();
        }
    }

    /**
     * Stops the device's daemons (the host one first, so nothing new is accepted) with any connection they carry,
     * and removes its relay socket, pid files and log; a no-op when nothing is there.
     */
    public void stop(Path dir, String device) {
        ProxyFiles files = files(dir, device);
        OptionalLong out = hostPid(files);
        if (out.isPresent()) {
            String listenPath = ProxyArgs.listenPath(Signals.cmdline(out.getAsLong()));
            Detached.stop(out.getAsLong(), "the host socat of proxy " + device);
            // socat unlinks its socket on SIGTERM but not when it had to be killed.
            if (listenPath != null && isSocket(Path.of(listenPath))) {
                delete(Path.of(listenPath));
            }
        }
        OptionalLong in = insidePid(files);
        if (in.isPresent()) {
            Detached.stop(in.getAsLong(), "the container socat of proxy " + device);
        }
        for (Path p : List.of(files.hostPid(), files.insidePid(), files.relay(), files.log())) {
            delete(p);
        }
    }

    /** Stops every proxy device that has files in {@code dir}. */
    public void stopAll(Path dir) {
        for (String device : devices(dir)) {
            stop(dir, device);
        }
    }

    /** True when both of the device's daemons run. */
    public boolean running(Path dir, String device) {
        ProxyFiles files = files(dir, device);
        return hostPid(files).isPresent() && insidePid(files).isPresent();
    }

    /** The devices that have files in {@code dir}, running or not, sorted. */
    public List<String> devices(Path dir) {
        TreeSet<String> devices = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ProxyFiles.PREFIX + "*")) {
            for (Path p : entries) {
                String name = p.getFileName().toString().substring(ProxyFiles.PREFIX.length());
                for (String suffix : List.of(".host.pid", ".inside.pid", ".sock", ".log")) {
                    if (name.endsWith(suffix) && name.length() > suffix.length()) {
                        devices.add(name.substring(0, name.length() - suffix.length()));
                    }
                }
            }
        } catch (IOException e) {
            throw NetworkException.internal("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(devices);
    }

    /** Both daemons run exactly these command lines, the inside one in the container's network namespace. */
    private static boolean alreadyRunning(ProxyFiles files, List<String> host, List<String> inside, String netns) {
        OptionalLong in = insidePid(files);
        OptionalLong out = hostPid(files);
        return in.isPresent() && out.isPresent() && Signals.cmdline(in.getAsLong()).equals(inside)
                && Signals.cmdline(out.getAsLong()).equals(host) && netns.equals(netns(in.getAsLong()).orElse(null));
    }

    /** The directory as the kernel reports a process's cwd: absolute, symlinks resolved. */
    private static ProxyFiles files(Path dir, String device) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir.toAbsolutePath().normalize();
        }
        return new ProxyFiles(real, device);
    }

    private static OptionalLong hostPid(ProxyFiles files) {
        return pid(files, files.hostPid(), ProxyArgs.relayConnect(files));
    }

    private static OptionalLong insidePid(ProxyFiles files) {
        return pid(files, files.insidePid(), ProxyArgs.relayListen(files));
    }

    /**
     * The pid in {@code pidFile} when that process is still a socat of this device: started in {@code dir} and
     * carrying {@code relayArg}, which names the device's relay socket.
     */
    private static OptionalLong pid(ProxyFiles files, Path pidFile, String relayArg) {
        OptionalLong pid = Detached.readPid(pidFile);
        if (pid.isEmpty()) {
            return pid;
        }
        List<String> cmdline = Signals.cmdline(pid.getAsLong());
        boolean ours = !cmdline.isEmpty() && cmdline.get(0).endsWith("/socat") && cmdline.contains(relayArg)
                && files.dir().equals(cwd(pid.getAsLong()));
        return ours ? pid : OptionalLong.empty();
    }

    /** Ready: exec'd into socat (not still the launching shell or nsenter), in the right namespace, listening. */
    private static boolean ready(long pid, List<String> args, String netns) {
        return Signals.cmdline(pid).equals(args) && (netns == null || netns.equals(netns(pid).orElse(null)))
                && ListeningSockets.listening(pid);
    }

    /** Empties the log, and clears a unix listen path that a killed proxy left behind. */
    private static void prepare(ProxyFiles files, ProxySpec spec) {
        delete(files.log());
        ProxyAddress listen = spec.listen();
        if (listen.protocol() != Protocol.UNIX) {
            return;
        }
        Path path = Path.of(listen.path());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String refused = "proxy device \"" + spec.device() + "\" cannot listen on " + listen + ": ";
        if (!isSocket(path)) {
            throw NetworkException.badRequest(refused + "the path exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw NetworkException.badRequest(refused + "address already in use");
        } catch (IOException e) {
            delete(path); // nobody accepts on it: a stale socket
        }
    }

    /** The error socat printed, as a 400 when it is about {@code listen} (in use, not local, no such directory). */
    private static NetworkException failure(ProxyFiles files, ProxySpec spec, String what, boolean listening) {
        String error = socatError(files);
        boolean bad = listening && (error.contains("Address already in use")
                || error.contains("Cannot assign requested address") || error.contains("No such file or directory")
                || error.contains("Permission denied"));
        String message = "proxy device \"" + spec.device() + "\" " + what + ": "
                + (error.isEmpty() ? "socat exited without saying why" : error);
        return bad ? NetworkException.badRequest(message) : NetworkException.internal(message);
    }

    /** socat's last error line without its time stamp and pid, e.g. {@code bind(5, ...): Address already in use}. */
    private static String socatError(ProxyFiles files) {
        try {
            List<String> lines = Files.readAllLines(files.log());
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                int mark = Math.max(line.indexOf("] E "), line.indexOf("] F "));
                if (mark >= 0) {
                    return line.substring(mark + 4).strip();
                }
            }
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<String> netns(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"))
                    .toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw NetworkException.internal("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
