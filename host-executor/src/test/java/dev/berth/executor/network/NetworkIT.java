package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.proc.ExecResult;
import dev.berth.executor.service.Trees;

/**
 * Managed networks with real bridges, nftables, dnsmasq and veths, and {@link FakeContainer}s (network namespaces
 * with a sleeping "init") in place of containers. Needs root, dnsmasq-base, nftables and the static busybox. Traffic
 * stays on this machine: every address used is on a bridge or in a namespace the test made.
 */
class NetworkIT {
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static final Set<Integer> FORBIDDEN_PORTS = Set.of(18080, 18081, 18082, 18083, 18084, 15432, 19092);
    private static final String RUN = "bit" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    private static final String DOMAIN = RUN + ".test";
    private static Path tmp;
    private static Path stateDir;
    private static Path dhcpScript;
    private static String forwardBefore;

    private final BridgeNetworks networks = new BridgeNetworks(new Bridges(), new Firewall(),
            new Dnsmasq(stateDir));
    private final Nics nics = new Nics();
    private final List<FakeContainer> containers = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private int counter;

    @BeforeAll
    static void requireTools() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dnsmasq")), "needs dnsmasq-base");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nftables");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox");
        tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "net-it");
        // dnsmasq re-reads its host files as user nobody.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        stateDir = tmp.resolve("state");
        dhcpScript = tmp.resolve("udhcpc.sh");
        Files.writeString(dhcpScript, """
                #!/bin/sh
                case "$1" in
                  bound|renew)
                    /usr/sbin/ip addr replace "$ip/$mask" dev "$interface"
                    [ -n "$router" ] && /usr/sbin/ip route replace default via "${router%% *}" dev "$interface"
                    ;;
                esac
                exit 0
                """);
        Files.setPosixFilePermissions(dhcpScript, PosixFilePermissions.fromString("rwxr-xr-x"));
        forwardBefore = Files.readString(IP_FORWARD).strip();
    }

    @AfterAll
    static void restoreHost() throws IOException {
        if (tmp == null) {
            return;
        }
        List<String> left = NetLeftovers.find(RUN, stateDir);
        NetLeftovers.clean(RUN, stateDir);
        Files.writeString(IP_FORWARD, forwardBefore + "\n");
        Trees.delete(tmp);
        assertThat(left).as("left after the class").isEmpty();
    }

    @AfterEach
    void tearDown() throws Exception {
        List<String> left;
        try {
            hostLinks.forEach(nics::detach);
            for (FakeContainer c : containers) {
                c.close();
            }
            created.forEach(networks::delete);
        } finally {
            await().atMost(Duration.ofSeconds(10)).until(() -> NetLeftovers.find(RUN, stateDir).isEmpty());
            left = NetLeftovers.find(RUN, stateDir);
            NetLeftovers.clean(RUN, stateDir);
        }
        assertThat(left).as("left after the test").isEmpty();
    }

    @Test
    void shouldLeaseAndResolveWhenTwoContainersShareANetwork() throws Exception {
        // Given: c1 has a static lease, c2 takes any address from the range
        NetworkSpec net = network(false);
        String mac1 = MacAddresses.random();
        String ip1 = addr(net, 10);
        networks.ensure(net, List.of(new StaticLease(mac1, ip1, "c1")));
        FakeContainer c1 = container();
        FakeContainer c2 = container();
        plug(c1, net, mac1, null);
        Nic nic2 = plug(c2, net, null, null);

        // When
        String got1 = dhcp(c1, "c1");
        String got2 = dhcp(c2, "c2");

        // Then
        assertThat(got1).isEqualTo(ip1);
        assertThat(Ipv4Cidr.parseAddress(got2)).isBetween(net.ipv4Address().at(100), net.ipv4Address().at(199));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                networks.dnsmasq().leases(net.name(), List.of(new StaticLease(mac1, ip1, "c1"))))
                .containsExactlyInAnyOrder(new Lease("c1", mac1, ip1, Lease.STATIC),
                        new Lease("c2", nic2.hwaddr(), got2, Lease.DYNAMIC)));
        assertThat(c1.ping(got2)).isTrue();
        assertThat(c2.ping(got1)).isTrue();
        assertThat(lookup(c1, net, "c2." + DOMAIN)).contains(got2);
        assertThat(lookup(c2, net, "c1." + DOMAIN)).contains(got1);
    }

    @Test
    void shouldBeOnTheNetworkWithoutDhcpWhenTheAddressIsStatic() throws Exception {
        // Given
        NetworkSpec net = network(false);
        String mac = MacAddresses.random();
        String ip = addr(net, 20);
        networks.ensure(net, List.of(new StaticLease(mac, ip, "c3")));
        FakeContainer c = container();

        // When: the executor configures the address before "init" runs
        plug(c, net, mac, ip);

        // Then: no DHCP client ever ran, yet the gateway answers and the name resolves
        assertThat(c.exec("/usr/sbin/ip", "-4", "route", "show", "default").stdout()).contains("via " + gw(net));
        assertThat(c.ping(gw(net))).isTrue();
        assertThat(lookup(c, net, "c3." + DOMAIN)).contains(ip);
        assertThat(networks.dnsmasq().leases(net.name(), List.of(new StaticLease(mac, ip, "c3"))))
                .containsExactly(new Lease("c3", mac, ip, Lease.STATIC));
    }

    @Test
    void shouldWriteResolvConfWhenTheImageLinksItOutside() throws IOException {
        // Given: an image whose resolv.conf is an absolute symlink to a file outside its rootfs
        Path rootfs = tmp.resolve("rootfs-" + counter++);
        Path outside = tmp.resolve("outside-" + counter);
        Files.writeString(outside, "untouched\n");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/resolv.conf"), outside);

        // When
        ResolvConf.write(rootfs, ResolvConf.render("10.1.2.1", DOMAIN));

        // Then
        assertThat(Files.isSymbolicLink(rootfs.resolve("etc/resolv.conf"))).isFalse();
        assertThat(rootfs.resolve("etc/resolv.conf")).hasContent("nameserver 10.1.2.1\nsearch " + DOMAIN);
        assertThat(outside).hasContent("untouched");
        Trees.delete(rootfs);
        Files.delete(outside);
    }

    @Test
    void shouldDropTrafficWhenItCrossesTwoNetworks() throws Exception {
        // Given: NAT on A turns forwarding on, so only the firewall stands between the networks
        NetworkSpec a = network(true);
        NetworkSpec b = network(false);
        networks.ensure(a, List.of());
        networks.ensure(b, List.of());
        FakeContainer ca = container();
        FakeContainer cb = container();
        plug(ca, a, null, addr(a, 10));
        plug(cb, b, null, addr(b, 10));
        assertThat(Files.readString(IP_FORWARD).strip()).isEqualTo("1");
        assertThat(ca.ping(gw(a))).isTrue();
        assertThat(cb.ping(gw(b))).isTrue();

        // When / Then
        assertThat(ca.ping(addr(b, 10))).isFalse();
        assertThat(cb.ping(addr(a, 10))).isFalse();
        // Both tables drop crossing traffic; which one sees it first depends on hook registration order.
        assertThat(
                nft("list", "table", "inet", "berth-" + a.name()) + nft("list", "table", "inet", "berth-" + b.name()))
                .containsPattern("packets [1-9]\\d* .*isolation");

        // And: without both networks' tables the same ping passes, so the firewall was what stopped it
        networks.firewall().delete(a.name());
        networks.firewall().delete(b.name());
        assertThat(ca.ping(addr(b, 10))).isTrue();
        networks.firewall().ensure(a.firewall());
        assertThat(ca.ping(addr(b, 10))).isFalse();
    }

    @Test
    void shouldReachOutsideThroughMasqueradeWhenNatIsOn() throws Exception {
        // Given: an "outside" namespace behind a host veth, with no route back to the container subnet
        NetworkSpec net = network(true);
        networks.ensure(net, List.of());
        FakeContainer c = container();
        plug(c, net, null, addr(net, 10));
        Ipv4Cidr outsideNet = TestSubnets.pick();
        FakeContainer outside = container();
        String hostEnd = RUN + "x" + counter++;
        String hostIp = Ipv4Cidr.format(outsideNet.at(1));
        String outsideIp = Ipv4Cidr.format(outsideNet.at(2));
        Exec.run(List.of("/usr/sbin/ip", "-batch", "-"), "link add " + hostEnd + " type veth peer name eth0 netns "
                + outside.pid() + "\naddr add " + hostIp + "/24 dev " + hostEnd + "\nlink set " + hostEnd + " up\n",
                Duration.ofSeconds(10)).orThrow("outside veth");
        hostLinks.add(hostEnd);
        assertThat(outside.exec("/bin/sh", "-c",
                "/usr/sbin/ip link set lo up && /usr/sbin/ip link set eth0 up && /usr/sbin/ip addr add "
                        + outsideIp + "/24 dev eth0")
                .ok()).isTrue();
        int port = freePort();
        Process server = outside.spawn("/bin/busybox", "nc", "-l", "-p", Integer.toString(port));
        CompletableFuture<String> received = Exec.drain(server.getInputStream());
        await().atMost(Duration.ofSeconds(5)).until(() -> outside.exec("/bin/busybox", "netstat", "-ltn").stdout()
                .contains(":" + port));

        // When
        ExecResult sent = c.exec("/bin/sh", "-c", "echo through-nat | /bin/busybox nc -w 2 " + outsideIp + " " + port);

        // Then
        assertThat(sent.ok()).as(sent.errorText()).isTrue();
        assertThat(received.get(10, TimeUnit.SECONDS)).contains("through-nat");
        server.waitFor(5, TimeUnit.SECONDS);
        assertThat(nft("list", "table", "inet", "berth-" + net.name())).containsPattern("packets [1-9]\\d* .*nat");
    }

    @Test
    void shouldReachAServerOnTheGatewayWhenItListensThere() throws Exception {
        // Given: a TCP server in this JVM on the bridge's address
        NetworkSpec net = network(true);
        networks.ensure(net, List.of());
        FakeContainer c = container();
        plug(c, net, null, addr(net, 10));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(gw(net)), 0));
            assertThat(FORBIDDEN_PORTS).doesNotContain(server.getLocalPort());
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept();
                        var in = new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    return in.readLine() + " from " + s.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            // When
            c.exec("/bin/sh", "-c", "echo hello | /bin/busybox nc -w 1 " + gw(net) + " " + server.getLocalPort());

            // Then
            assertThat(line.get(10, TimeUnit.SECONDS)).isEqualTo("hello from " + addr(net, 10));
        }
    }

    @Test
    void shouldDropFramesWhenAFilteredNicSpoofsItsMacOrAddress() throws Exception {
        // Given
        NetworkSpec net = network(false);
        networks.ensure(net, List.of());
        FakeContainer c1 = container();
        FakeContainer c2 = container();
        Nic nic1 = plug(c1, net, null, addr(net, 10));
        plug(c2, net, null, addr(net, 11));
        NicFilter filter = new NicFilter(nic1.hostName(), nic1.hwaddr(), addr(net, 10));
        networks.firewall().addNic(net.name(), filter);
        networks.firewall().addNic(net.name(), filter);
        assertThat(c1.ping(addr(net, 11))).isTrue();

        // When: c1 changes its MAC
        c1.exec("/usr/sbin/ip", "link", "set", "dev", "eth0", "address", MacAddresses.random());
        // Then
        assertThat(c1.ping(addr(net, 11))).isFalse();

        // When: c1 takes its MAC back and another address
        c1.exec("/usr/sbin/ip", "link", "set", "dev", "eth0", "address", nic1.hwaddr());
        assertThat(c1.ping(addr(net, 11))).isTrue();
        c1.exec("/bin/sh", "-c",
                "/usr/sbin/ip addr flush dev eth0 && /usr/sbin/ip addr add " + addr(net, 12) + "/24 dev eth0");
        // Then
        assertThat(c1.ping(addr(net, 11))).isFalse();

        // And: the same spoofed address passes once the filter is off, so the filter was what stopped it
        networks.firewall().removeNic(net.name(), filter);
        networks.firewall().removeNic(net.name(), filter);
        assertThat(c1.ping(addr(net, 11))).isTrue();
    }

    @Test
    void shouldConvergeWhenEnsuredTwiceOrAfterLosingHalf() throws Exception {
        // Given
        NetworkSpec net = network(true);
        String mac = MacAddresses.random();
        List<StaticLease> leases = List.of(new StaticLease(mac, addr(net, 30), "c4"));
        networks.ensure(net, leases);
        long pid = networks.dnsmasq().pid(net.name()).orElseThrow();

        // When: ensured again with nothing to change
        networks.ensure(net, leases);
        // Then: nothing was restarted
        assertThat(networks.dnsmasq().pid(net.name())).hasValue(pid);

        // When: dnsmasq dies, the tables vanish, a stray address replaces the gateway's, and all is ensured again
        Signals.send(pid, Signals.SIGKILL);
        nft("delete", "table", "inet", "berth-" + net.name());
        Exec.run(List.of("/usr/sbin/ip", "addr", "flush", "dev", net.name()), Duration.ofSeconds(5));
        Exec.run(List.of("/usr/sbin/ip", "addr", "add", addr(net, 250) + "/24", "dev", net.name()),
                Duration.ofSeconds(5));
        networks.ensure(net, leases);

        // Then: all of it is back and serves a container
        assertThat(networks.dnsmasq().pid(net.name())).isPresent().isNotEqualTo(java.util.OptionalLong.of(pid));
        assertThat(networks.firewall().exists(net.name())).isTrue();
        assertThat(networks.bridges().exists(net.name())).isTrue();
        assertThat(Exec.run(List.of("/usr/sbin/ip", "-4", "-o", "addr", "show", "dev", net.name()),
                Duration.ofSeconds(5)).stdout()).contains(net.ipv4Address().toString()).doesNotContain(addr(net, 250));
        FakeContainer c = container();
        Nic nic = plug(c, net, mac, null);
        assertThat(dhcp(c, "c4")).isEqualTo(addr(net, 30));

        // When: the NIC is attached again with the names it got (a retried start)
        Nic again = nics.attach(new NicSpec(c.pid(), net.name(), "eth0", nic.hostName(), nic.hwaddr(), 0, null, null));
        // Then
        assertThat(again).isEqualTo(nic);
        assertThat(c.ping(gw(net))).isTrue();

        // When: a static lease is added while dnsmasq runs
        long before = networks.dnsmasq().pid(net.name()).orElseThrow();
        networks.dnsmasq().updateLeases(net.dnsmasq(),
                List.of(leases.get(0), new StaticLease(MacAddresses.random(), addr(net, 31), "c5")));
        // Then: a SIGHUP made it resolvable, without a restart
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lookup(c, net, "c5." + DOMAIN))
                .contains(addr(net, 31)));
        assertThat(networks.dnsmasq().pid(net.name())).hasValue(before);

        // When: the lease time changes, dnsmasq is restarted with it
        NetworkSpec longer = new NetworkSpec(net.name(), net.mtu(), net.hwaddr(), net.ipv4Address(), net.nat(),
                net.dhcpRanges(), "2h", net.domain());
        networks.ensure(longer, leases);
        assertThat(networks.dnsmasq().pid(net.name())).isPresent().isNotEqualTo(java.util.OptionalLong.of(before));

        // When: the NIC and the network are deleted twice
        nics.detach(nic.hostName());
        nics.detach(nic.hostName());
        networks.delete(net.name());
        networks.delete(net.name());
        // Then: the tear-down check finds nothing
    }

    @Test
    void shouldReportSetupTimesWhenTwentyNicsArePlugged() throws Exception {
        // Given
        NetworkSpec net = network(false);
        networks.ensure(net, List.of());
        List<FakeContainer> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(container());
        }

        // When: 20 NICs with static addresses, then 5 more that ask dnsmasq
        List<Long> setup = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            long t0 = System.nanoTime();
            plug(batch.get(i), net, null, addr(net, 10 + i));
            setup.add(System.nanoTime() - t0);
        }
        List<Long> toLease = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeContainer c = container();
            plug(c, net, null, null);
            long t0 = System.nanoTime();
            dhcp(c, "d" + i);
            toLease.add(System.nanoTime() - t0);
        }
        List<Long> teardown = new ArrayList<>();
        for (FakeContainer c : batch) {
            String host = hostLinks.remove(0);
            long t0 = System.nanoTime();
            nics.detach(host);
            teardown.add(System.nanoTime() - t0);
        }

        List<Long> bareExec = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            Exec.run(List.of("/usr/sbin/ip", "-V"), Duration.ofSeconds(10));
            bareExec.add(System.nanoTime() - t0);
        }

        // Then: reported, not asserted
        System.out.printf("berth-net: baseline, one bare 'ip -V' from the JVM n=%d: %s%n", bareExec.size(),
                stats(bareExec));
        System.out.printf("berth-net: NIC setup (2 processes, static IPv4) n=%d: %s%n", setup.size(), stats(setup));
        System.out.printf("berth-net: NIC up -> DHCP lease (udhcpc via nsenter, --no-ping) n=%d: %s%n",
                toLease.size(), stats(toLease));
        System.out.printf("berth-net: NIC teardown (ip link del) n=%d: %s%n", teardown.size(), stats(teardown));
        assertThat(batch.get(0).ping(gw(net))).isFalse();
    }

    // --- helpers

    private NetworkSpec network(boolean nat) throws IOException {
        String name = RUN + "n" + counter++;
        Ipv4Cidr subnet = TestSubnets.pick();
        NetworkSpec spec = new NetworkSpec(name, 0, null, new Ipv4Cidr(subnet.at(1), 24), nat,
                List.of(new DhcpRange(subnet.at(100), subnet.at(199))), "1h", DOMAIN);
        created.add(name);
        return spec;
    }

    private FakeContainer container() throws IOException {
        FakeContainer c = FakeContainer.start();
        containers.add(c);
        return c;
    }

    /** Plugs eth0 with {@code mac} (null: generated) and {@code ip} (null: left to DHCP). */
    private Nic plug(FakeContainer c, NetworkSpec net, String mac, String ip) {
        String host = RUN + "v" + counter++;
        hostLinks.add(host);
        return nics.attach(new NicSpec(c.pid(), net.name(), "eth0", host, mac, 0,
                ip == null ? null : new Ipv4Cidr(Ipv4Cidr.parseAddress(ip), 24), ip == null ? null : gw(net)));
    }

    /** Runs busybox udhcpc once and returns the address it configured. */
    private String dhcp(FakeContainer c, String hostname) throws IOException {
        ExecResult r = c.exec("/bin/busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1", "-s",
                dhcpScript.toString(), "-x", "hostname:" + hostname);
        assertThat(r.ok()).as("udhcpc: " + r.stdout() + r.stderr()).isTrue();
        JsonNode links = new ObjectMapper().readTree(c.exec("/usr/sbin/ip", "-j", "-4", "addr", "show", "dev", "eth0")
                .stdout());
        return links.get(0).path("addr_info").get(0).path("local").asText();
    }

    private static String lookup(FakeContainer c, NetworkSpec net, String name) {
        ExecResult r = c.exec("/bin/busybox", "nslookup", name, gw(net));
        return r.stdout().lines().filter(l -> l.startsWith("Address")).skip(1).toList().toString();
    }

    private static String gw(NetworkSpec net) {
        return net.ipv4Address().host();
    }

    private static String addr(NetworkSpec net, int offset) {
        return Ipv4Cidr.format(net.ipv4Address().at(offset));
    }

    private static String nft(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/nft"));
        command.addAll(List.of(args));
        return Exec.run(command, Duration.ofSeconds(10)).orThrow("nft").stdout();
    }

    private static int freePort() {
        int port;
        do {
            port = 20000 + new SecureRandom().nextInt(10000);
        } while (FORBIDDEN_PORTS.contains(port));
        return port;
    }

    private static String stats(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return String.format("p50 %.1f ms, p90 %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
