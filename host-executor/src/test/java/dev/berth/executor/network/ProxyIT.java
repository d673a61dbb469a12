package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.executor.service.Trees;

/**
 * Proxy devices with real socat daemons into {@link FakeContainer}s (network namespaces the test made, with servers
 * bound to their own loopback). Needs root, socat, util-linux and the static busybox. The test only ever connects to
 * 127.0.0.1 and to sockets under its own directory.
 */
class ProxyIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path tmp;

    private final Proxies proxies = new Proxies();
    private final List<Process> servers = new ArrayList<>();
    private final List<AutoCloseable> holders = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private Path dir;
    private int counter;

    @BeforeAll
    static void requireTools() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "needs socat");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox");
        tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "proxy-it");
    }

    @AfterAll
    static void removeTmp() {
        if (tmp != null) {
            Trees.delete(tmp);
        }
    }

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createDirectories(tmp.resolve("c" + counter++));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            proxies.stopAll(dir);
        } finally {
            // Each server leads its own group (setsid), so its forked children go with it.
            servers.forEach(p -> Signals.send(-p.pid(), Signals.SIGKILL));
            for (AutoCloseable h : holders) {
                h.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> leftovers().isEmpty());
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldCarryTcpToTheContainersLoopbackWhenListeningOnTheHost() throws Exception {
        // Given: a server on the container's 127.0.0.1:80 that answers once the client has finished sending
        FakeContainer c = container();
        serve(c, "TCP4-LISTEN:80,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:x=$(cat); sleep 1; echo in-netns $x");
        int port = freeTcpPort();

        // When
        proxies.start(c.pid(), dir, spec("web", "tcp:127.0.0.1:" + port, "tcp:127.0.0.1:80"));

        // Then: the reply comes back after the half-close, and again on a second connection
        assertThat(exchange(port, "ping\n")).isEqualTo("in-netns ping\n");
        assertThat(exchange(port, "again\n")).isEqualTo("in-netns again\n");
        assertThat(proxies.running(dir, "web")).isTrue();
        // And: both daemons are detached, so an executor restart leaves them alone
        for (String side : List.of("host", "inside")) {
            long pid = pidOf("web", side);
            assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .isNotEqualTo(java.util.Optional.of(ProcessHandle.current().pid()));
        }
    }

    @Test
    void shouldChangeNothingWhenStartedTwiceAndLeaveNothingWhenStopped() throws Exception {
        // Given
        FakeContainer c = container();
        serve(c, "TCP4-LISTEN:80,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:read x; echo one $x");
        int port = freeTcpPort();
        ProxySpec spec = spec("web", "tcp:127.0.0.1:" + port, "tcp:127.0.0.1:80");
        proxies.start(c.pid(), dir, spec);
        long host = pidOf("web", "host");
        long inside = pidOf("web", "inside");

        // When
        proxies.start(c.pid(), dir, spec);

        // Then
        assertThat(pidOf("web", "host")).isEqualTo(host);
        assertThat(pidOf("web", "inside")).isEqualTo(inside);
        assertThat(exchange(port, "x\n")).isEqualTo("one x\n");

        // When: the same device is started for a new container (a restart gives a new init and namespace)
        FakeContainer next = container();
        serve(next, "TCP4-LISTEN:80,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:read x; echo two $x");
        proxies.start(next.pid(), dir, spec);
        // Then: it was restarted there
        assertThat(pidOf("web", "inside")).isNotEqualTo(inside);
        assertThat(exchange(port, "y\n")).isEqualTo("two y\n");

        // When: stopped twice
        long before = pidOf("web", "inside");
        proxies.stop(dir, "web");
        proxies.stop(dir, "web");

        // Then
        assertThat(proxies.running(dir, "web")).isFalse();
        assertThat(Signals.alive(before)).isFalse();
        assertThat(dir).isEmptyDirectory();
        assertThat(proxies.devices(dir)).isEmpty();
        assertThatThrownBy(() -> exchange(port, "z\n")).isInstanceOf(IOException.class);
    }

    @Test
    void shouldAnswerEachPeerWhenUdp() throws Exception {
        // Given
        FakeContainer c = container();
        serve(c, "UDP4-RECVFROM:53,bind=127.0.0.1,fork", "SYSTEM:read x; echo in-netns $x");
        int port = freeUdpPort();

        // When
        proxies.start(c.pid(), dir, spec("dns", "udp:127.0.0.1:" + port, "udp:127.0.0.1:53"));

        // Then
        try (DatagramSocket a = new DatagramSocket(0, LOOPBACK); DatagramSocket b = new DatagramSocket(0, LOOPBACK)) {
            assertThat(datagram(a, port, "from-a\n")).isEqualTo("in-netns from-a\n");
            assertThat(datagram(b, port, "from-b\n")).isEqualTo("in-netns from-b\n");
            assertThat(datagram(a, port, "a-again\n")).isEqualTo("in-netns a-again\n");
        }
    }

    @Test
    void shouldAcceptOnAHostSocketWhenListenIsUnix() throws Exception {
        // Given: a stale socket at the path, as a killed proxy leaves it
        FakeContainer c = container();
        serve(c, "TCP4-LISTEN:80,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:read x; echo in-netns $x");
        Path socket = tmp.resolve("listen-" + counter + ".sock");
        try (var stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        // When
        proxies.start(c.pid(), dir, spec("sock", "unix:" + socket, "tcp:127.0.0.1:80"));

        // Then
        assertThat(exchange(socket, "over-unix\n")).isEqualTo("in-netns over-unix\n");
        proxies.stop(dir, "sock");
        assertThat(socket).doesNotExist();
    }

    @Test
    void shouldConnectInTheContainersFilesystemWhenConnectIsUnix() throws Exception {
        // Given: a container root with a server socket, a host socket of the same name, and a symlink in the
        // container that names a host socket by its absolute path
        Path root = tmp.resolve("rootfs-" + counter);
        Path run = Files.createDirectories(root.resolve("run"));
        Path hostRun = Files.createDirectories(tmp.resolve("host-" + counter));
        Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
        serveOnHost("UNIX-LISTEN:" + run.resolve("app.sock") + ",fork", "SYSTEM:read x; echo in-container $x");
        serveOnHost("UNIX-LISTEN:" + hostRun.resolve("app.sock") + ",fork", "SYSTEM:read x; echo ON-HOST $x");
        Files.createSymbolicLink(run.resolve("evil.sock"), hostRun.resolve("app.sock"));
        long pid = chrootedContainer(root);
        int port = freeTcpPort();
        int evilPort = freeTcpPort();

        // When
        proxies.start(pid, dir, spec("app", "tcp:127.0.0.1:" + port, "unix:/run/app.sock"));
        proxies.start(pid, dir, spec("evil", "tcp:127.0.0.1:" + evilPort, "unix:/run/evil.sock"));

        // Then: the path is the container's, and a symlink in the container cannot lead out of it
        assertThat(exchange(port, "hi\n")).isEqualTo("in-container hi\n");
        assertThat(exchange(evilPort, "hi\n")).isEmpty();
        assertThat(proxies.devices(dir)).containsExactly("app", "evil");
    }

    @Test
    void shouldRefuseWithA400AndLeaveNothingWhenTheHostPortIsTaken() throws Exception {
        // Given
        FakeContainer c = container();
        try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK);
                DatagramSocket udp = new DatagramSocket(0, LOOPBACK)) {
            ProxySpec overTcp = spec("web", "tcp:127.0.0.1:" + tcp.getLocalPort(), "tcp:127.0.0.1:80");
            ProxySpec overUdp = spec("dns", "udp:127.0.0.1:" + udp.getLocalPort(), "udp:127.0.0.1:53");

            // When / Then
            assertThatThrownBy(() -> proxies.start(c.pid(), dir, overTcp)).isInstanceOfSatisfying(
                    NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                    .hasMessageStartingWith("proxy device \"web\" cannot listen on " + overTcp.listen() + ": ")
                    .hasMessageContaining("Address already in use");
            assertThatThrownBy(() -> proxies.start(c.pid(), dir, overUdp)).isInstanceOfSatisfying(
                    NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                    .hasMessageContaining("Address already in use");
            assertThat(daemons()).isEmpty();
            assertThat(dir).isEmptyDirectory();
        }
    }

    @Test
    void shouldRefuseAndKeepTheFileWhenTheUnixListenPathIsNoSocket() throws Exception {
        // Given
        FakeContainer c = container();
        Path file = Files.writeString(tmp.resolve("not-a-socket-" + counter), "keep me");

        // When / Then
        assertThatThrownBy(() -> proxies.start(c.pid(), dir, spec("sock", "unix:" + file, "tcp:127.0.0.1:80")))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("the path exists and is not a socket");
        assertThat(file).hasContent("keep me");
        assertThat(daemons()).isEmpty();
    }

    @Test
    void shouldRefuseWhenTheContainerIsGone() throws Exception {
        FakeContainer c = container();
        long pid = c.pid();
        c.close();

        assertThatThrownBy(() -> proxies.start(pid, dir, spec("web", "tcp:127.0.0.1:1", "tcp:127.0.0.1:80")))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("does not exist");
    }

    // --- helpers

    private static ProxySpec spec(String device, String listen, String connect) {
        return ProxySpec.of(device, Map.of("type", "proxy", "listen", listen, "connect", connect));
    }

    private FakeContainer container() throws IOException {
        FakeContainer c = FakeContainer.start();
        holders.add(c);
        namespaces.add(Files.readSymbolicLink(Path.of("/proc", Long.toString(c.pid()), "ns", "net")).toString());
        assertThat(c.exec("/usr/sbin/ip", "link", "set", "lo", "up").ok()).isTrue();
        return c;
    }

    /** A netns holder chrooted to {@code root}, as a container init is pivoted into its rootfs. */
    private long chrootedContainer(Path root) throws IOException {
        String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Process p = new ProcessBuilder("/usr/bin/unshare", "-n", "/usr/sbin/chroot", root.toString(), "/busybox",
                "sleep", "1000000").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        holders.add(() -> {
            p.destroyForcibly();
            p.waitFor();
        });
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> !Files
                .readSymbolicLink(proc.resolve("ns/net")).toString().equals(self)
                && Files.readSymbolicLink(proc.resolve("root")).equals(root));
        namespaces.add(Files.readSymbolicLink(proc.resolve("ns/net")).toString());
        return p.pid();
    }

    /** Runs a socat server in {@code c}'s network namespace and waits until it listens. */
    private void serve(FakeContainer c, String... socatArgs) throws IOException {
        started(c.spawn(server(socatArgs).toArray(String[]::new)));
    }

    private void serveOnHost(String... socatArgs) throws IOException {
        started(new ProcessBuilder(server(socatArgs)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /**
     * A socat server in a process group of its own, so that it can be killed with its children. Its {@code -t}
     * lets it answer after the client half-closed, as the proxy itself must.
     */
    private static List<String> server(String... socatArgs) {
        List<String> args = new ArrayList<>(List.of("/usr/bin/setsid", "/usr/bin/socat", "-t", "5"));
        args.addAll(List.of(socatArgs));
        return args;
    }

    private void started(Process server) {
        servers.add(server);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> ListeningSockets.listening(server.pid()));
    }

    private long pidOf(String device, String side) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("proxy-" + device + "." + side + ".pid")).strip());
    }

    /** Sends {@code payload}, closes the sending side and returns all that comes back. */
    private static String exchange(int port, String payload) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(payload.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String exchange(Path socket, String payload) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            return new String(readAll(ch), StandardCharsets.UTF_8);
        }
    }

    private static byte[] readAll(SocketChannel ch) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }

    private static String datagram(DatagramSocket socket, int port, String payload) throws IOException {
        byte[] out = payload.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(out, out.length, LOOPBACK, port));
        socket.setSoTimeout(5000);
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        socket.receive(in);
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }

    /** Ephemeral ports, far from the ones the stack's services use. */
    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Processes working in the test's directory (the proxies) or in a namespace the test made. */
    private List<String> leftovers() throws IOException {
        return processes(p -> link(p.resolve("cwd")).startsWith(tmp.toString())
                || namespaces.contains(link(p.resolve("ns/net"))));
    }

    /** The proxies' processes: those working in the test's directory. */
    private List<String> daemons() throws IOException {
        return processes(p -> link(p.resolve("cwd")).startsWith(tmp.toString()));
    }

    private static List<String> processes(java.util.function.Predicate<Path> which) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> Detached.exists(Long.parseLong(p.getFileName().toString())))
                    .filter(which)
                    .map(p -> p.getFileName() + " " + Signals.cmdline(Long.parseLong(p.getFileName().toString())))
                    .toList();
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
