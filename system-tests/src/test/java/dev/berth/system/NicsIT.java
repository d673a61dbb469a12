package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;

/**
 * NICs on managed networks, end to end: network-service hands out the addresses, the executor plugs a veth into the
 * container's namespace before init runs (address, route, resolv.conf), dnsmasq answers DHCP and DNS, nftables
 * keeps networks apart, masquerades their traffic out and drops spoofed frames.
 */
@ExtendWith(Stack.class)
class NicsIT {
    private static final String NET = "it-nic0";
    private static final String OTHER = "it-nic1";
    private static final String OUTSIDE = "it-out";

    private final LxdClient api = Stack.client();
    private final List<String> instances = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        instances.forEach(name -> Instances.forceDelete(api, name));
        // network-service frees a deleted instance's addresses when its lifecycle event arrives, which may be just
        // after the delete operation succeeded: until then the network is in use (400), so the delete is retried
        await().atMost(Duration.ofSeconds(30)).until(() -> gone(NET) & gone(OTHER));
        // the executor removes bridges asynchronously; the next test makes networks of the same names
        await().atMost(Duration.ofSeconds(30)).until(() -> Host.runAny("ip", "link", "show", NET).code() != 0
                && Host.runAny("ip", "link", "show", OTHER).code() != 0);
        Host.runAny("ip", "netns", "pids", OUTSIDE).output().lines().forEach(pid -> Host.runAny("kill", "-9", pid));
        Host.runAny("ip", "netns", "del", OUTSIDE);
        Host.runAny("ip", "link", "del", "it-out0");
        api.close();
    }

    /** Deletes the network if it exists; true once it is gone (deleted now, or never made). */
    private static boolean gone(String network) {
        int code = Instances.errorCode("DELETE", "/1.0/networks/" + network, null);
        return code == 0 || code == 404;
    }

    @Test
    void shouldGiveInstancesAddressesThatPeersReachByIpAndByNameAndKeepOtherNetworksOut() {
        // Given two networks with their own subnets
        String gateway = network(NET, Map.of("ipv4.address", "auto", "ipv4.nat", "true", "dns.domain", "it"));
        network(OTHER, Map.of("ipv4.address", "auto", "ipv4.nat", "false"));
        String prefix = gateway.substring(0, gateway.lastIndexOf('.') + 1);

        // When two instances join the first (one with a static address) and one the second
        launch("it-nic-a", Map.of("network", NET));
        launch("it-nic-b", Map.of("network", NET, "ipv4.address", prefix + "50"));
        launch("it-nic-c", Map.of("network", OTHER));

        // Then /state shows each address, inside the subnet, and the static one as asked
        String a = address("it-nic-a");
        String b = address("it-nic-b");
        String c = address("it-nic-c");
        assertThat(a).startsWith(prefix).isNotEqualTo(gateway);
        assertThat(b).isEqualTo(prefix + "50");
        assertThat(c).doesNotStartWith(prefix);
        assertThat(Instances.execAny("it-nic-b", "ip", "-4", "addr", "show", "eth0").output()).contains(b + "/24");

        // And the network's leases list both, with their MACs as recorded in volatile.eth0.hwaddr
        JsonNode leases = api.sync("GET", "/1.0/networks/" + NET + "/leases", null);
        assertThat(leases.findValuesAsText("hostname")).contains("it-nic-a", "it-nic-b");
        assertThat(leases.findValuesAsText("address")).contains(a, b);
        assertThat(leases.findValuesAsText("hwaddr"))
                .contains(api.getInstance("it-nic-a").config().get("volatile.eth0.hwaddr"));

        // And peers reach each other by address and by name (resolv.conf points at the network's dnsmasq)
        assertThat(Instances.execAny("it-nic-a", "ping", "-c1", "-W2", b).code()).isZero();
        assertThat(Instances.execAny("it-nic-a", "ping", "-c1", "-W2", "it-nic-b").output()).contains(b);
        assertThat(Instances.execAny("it-nic-a", "nslookup", "it-nic-b.it").output()).contains(b);

        // And a DHCP client inside gets the same address from dnsmasq
        Host.Result dhcp = Instances.execAny("it-nic-a", "udhcpc", "-i", "eth0", "-n", "-q", "-f", "-s", "/bin/true");
        assertThat(dhcp.output()).contains("lease of " + a + " obtained");

        // And the instance on the other network cannot reach them, nor they it
        assertThat(Instances.execAny("it-nic-c", "ping", "-c1", "-W1", a).code()).isNotZero();
        assertThat(Instances.execAny("it-nic-a", "ping", "-c1", "-W1", c).code()).isNotZero();

        // And a network in use cannot be deleted
        assertThat(Instances.errorCode("DELETE", "/1.0/networks/" + NET, null)).isEqualTo(400);

        // When the instances are deleted, their veths go and their addresses are free again
        List<String> veths = List.of(hostName("it-nic-a"), hostName("it-nic-b"));
        instances.forEach(name -> Instances.forceDelete(api, name));
        for (String veth : veths) {
            assertThat(Host.runAny("ip", "link", "show", veth).code()).isNotZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.sync("GET", "/1.0/networks/" + NET + "/leases", null).findValuesAsText("hostname"))
                .doesNotContain("it-nic-a", "it-nic-b"));
    }

    @Test
    void shouldMasqueradeTrafficToTheOutsideAndRefuseBadNicsWithoutCreatingAnything() throws Exception {
        // Given a network with NAT and an "outside" namespace routed from the host (test traffic stays on this
        // machine: the server runs in a namespace this test made)
        network(NET, Map.of("ipv4.address", "auto", "ipv4.nat", "true"));
        Host.run("ip", "netns", "add", OUTSIDE);
        Host.run("ip", "link", "add", "it-out0", "type", "veth", "peer", "name", "eth0", "netns", OUTSIDE);
        Host.run("ip", "addr", "add", "198.18.77.1/30", "dev", "it-out0");
        Host.run("ip", "link", "set", "it-out0", "up");
        Host.run("ip", "netns", "exec", OUTSIDE, "ip", "addr", "add", "198.18.77.2/30", "dev", "eth0");
        Host.run("ip", "netns", "exec", OUTSIDE, "ip", "link", "set", "eth0", "up");
        Process server = new ProcessBuilder("ip", "netns", "exec", OUTSIDE, "python3", "-c",
                "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        + "s.bind(('198.18.77.2',7777))\ns.listen()\nprint('ready',flush=True)\n"
                        + "c,peer=s.accept()\nprint('peer',peer[0],c.recv(100).decode().strip(),flush=True)")
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");

            // When an instance on the network connects to it
            launch("it-nic-nat", Map.of("network", NET));
            String address = address("it-nic-nat");
            Instances.execAny("it-nic-nat", "sh", "-c", "echo hello | nc 198.18.77.2 7777");

            // Then the server sees the host's address, not the instance's: the bridge's traffic is masqueraded
            String line = out.readLine();
            assertThat(line).isEqualTo("peer 198.18.77.1 hello").doesNotContain(address);
        } finally {
            server.destroyForcibly();
        }

        // And bad NICs are refused with the key named, leaving no instance and no address behind
        assertThat(refusal("it-nic-bad", Map.of("type", "nic", "network", NET, "ipv4.address", "192.0.2.5")))
                .contains("ipv4.address").contains("not inside the subnet");
        assertThat(refusal("it-nic-bad", Map.of("type", "nic", "network", "it-missing")))
                .contains("it-missing");
        assertThat(Instances.errorCode("POST", "/1.0/instances", "{\"name\":\"it-nic-bad\",\"source\":{\"type\":"
                + "\"image\",\"alias\":\"busybox\"},\"devices\":{\"eth0\":{\"type\":\"nic\",\"network\":\"" + NET
                + "\",\"hwaddr\":\"zz\"}}}")).isEqualTo(400);
        assertThat(refusal("it-nic-bad", Map.of("type", "nic", "network", NET, "ipv4.address", address("it-nic-nat"))))
                .contains("already used");
        assertThat(Instances.errorCode("GET", "/1.0/instances/it-nic-bad", null)).isEqualTo(404);
        assertThat(api.sync("GET", "/1.0/networks/" + NET + "/leases", null).findValuesAsText("hostname"))
                .doesNotContain("it-nic-bad");
    }

    @Test
    void shouldGiveTwentyConcurrentLaunchesTwentyDistinctAddresses() {
        // Given a network
        network(NET, Map.of("ipv4.address", "auto"));

        // When 20 instances are launched at once
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "it-nic-r" + i;
            instances.add(name);
            ops.add(api.createInstance(post(name, Map.of("eth0", Map.of("type", "nic", "network", NET)))));
        }
        ops.forEach(op -> api.waitSuccess(op, 300));

        // Then each has its own address, and each is on the wire with it
        Set<String> addresses = new TreeSet<>();
        instances.forEach(name -> addresses.add(address(name)));
        assertThat(addresses).hasSize(20);
        assertThat(Instances.execAny("it-nic-r0", "ping", "-c1", "-W2", address("it-nic-r19")).code()).isZero();
    }

    @Test
    void shouldPlugANicIntoARunningInstanceAndUnplugItAgain() {
        // Given a running instance with eth0 on one network, and a second network
        network(NET, Map.of("ipv4.address", "auto"));
        String gateway1 = network(OTHER, Map.of("ipv4.address", "auto"));
        launch("it-nic-h", Map.of("network", NET));
        long pid = api.getState("it-nic-h").pid();

        // When eth1 on the second network is added while it runs
        Map<String, Map<String, String>> devices = new java.util.TreeMap<>(api.getInstance("it-nic-h").devices());
        devices.put("eth1", Map.of("type", "nic", "network", OTHER));
        api.waitSuccess(api.async("PATCH", "/1.0/instances/it-nic-h", Map.of("devices", devices)), 120);

        // Then it is there at once, addressed, without a restart, and reaches its gateway
        String eth1 = api.sync("GET", "/1.0/instances/it-nic-h/state", null).path("network").path("eth1")
                .path("addresses").path(0).path("address").asText();
        assertThat(eth1).startsWith(gateway1.substring(0, gateway1.lastIndexOf('.') + 1));
        assertThat(api.getState("it-nic-h").pid()).isEqualTo(pid);
        assertThat(Instances.execAny("it-nic-h", "ip", "-4", "addr", "show", "eth1").output()).contains(eth1);
        assertThat(Instances.execAny("it-nic-h", "ping", "-c1", "-W2", gateway1).code()).isZero();
        assertThat(api.getInstance("it-nic-h").config()).containsKey("volatile.eth1.hwaddr");
        String veth = api.sync("GET", "/1.0/instances/it-nic-h/state", null).path("network").path("eth1")
                .path("host_name").asText();

        // When it is removed again (PUT without it, as lxc config device remove does)
        var current = api.getInstance("it-nic-h");
        Map<String, Map<String, String>> without = new java.util.TreeMap<>(current.devices());
        without.remove("eth1");
        api.waitSuccess(api.async("PUT", "/1.0/instances/it-nic-h", Map.of("config", current.config(), "devices",
                without, "profiles", current.profiles())), 120);

        // Then the interface, its veth and its address are gone, and eth0 still works
        assertThat(Instances.execAny("it-nic-h", "ip", "link", "show", "eth1").code()).isNotZero();
        assertThat(Host.runAny("ip", "link", "show", veth).code()).isNotZero();
        assertThat(api.getInstance("it-nic-h").config()).doesNotContainKey("volatile.eth1.hwaddr");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.sync("GET", "/1.0/networks/" + OTHER + "/leases", null).findValuesAsText("hostname"))
                .doesNotContain("it-nic-h"));
        assertThat(Instances.execAny("it-nic-h", "ping", "-c1", "-W2", gatewayOf(address("it-nic-h"))).code())
                .isZero();
    }

    @Test
    void shouldForwardAHostPortToAServerInsideTheInstanceThroughAProxyDevice() throws Exception {
        // Given an instance with a proxy from a host port to its own loopback, and a web server there
        int port = freePort();
        instances.add("it-nic-p");
        api.waitSuccess(api.createInstance(post("it-nic-p", Map.of("web", Map.of("type", "proxy",
                "listen", "tcp:127.0.0.1:" + port, "connect", "tcp:127.0.0.1:8080")))), 120);
        Instances.execAny("it-nic-p", "sh", "-c", "mkdir -p /tmp/www && echo hello-from-inside > /tmp/www/index.html"
                + " && httpd -p 127.0.0.1:8080 -h /tmp/www");

        // When the host connects to the listen port, it gets the container's page
        assertThat(httpGet(port)).contains("hello-from-inside");

        // And a proxy added while it runs works at once; one removed stops listening
        int second = freePort();
        Map<String, Map<String, String>> devices = new java.util.TreeMap<>(api.getInstance("it-nic-p").devices());
        devices.put("web2", Map.of("type", "proxy", "listen", "tcp:127.0.0.1:" + second,
                "connect", "tcp:127.0.0.1:8080"));
        api.waitSuccess(api.async("PATCH", "/1.0/instances/it-nic-p", Map.of("devices", devices)), 120);
        assertThat(httpGet(second)).contains("hello-from-inside");

        // And a listen address in use is refused, leaving the instance as it was
        var current = api.getInstance("it-nic-p");
        Map<String, Map<String, String>> clash = new java.util.TreeMap<>(current.devices());
        clash.put("web3", Map.of("type", "proxy", "listen", "tcp:127.0.0.1:" + port,
                "connect", "tcp:127.0.0.1:8080"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.waitSuccess(api.async("PATCH",
                "/1.0/instances/it-nic-p", Map.of("devices", clash)), 120)).hasMessageContaining("in use");
        assertThat(api.getInstance("it-nic-p").devices()).doesNotContainKey("web3");
        assertThat(httpGet(port)).contains("hello-from-inside");

        // When the instance is deleted, no proxy process is left and the port is free again
        Instances.forceDelete(api, "it-nic-p");
        assertThat(Host.runAny("pgrep", "-f", "proxy-web").code()).isNotZero();
        try (var s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void shouldPlugABridgedNicIntoAnUnmanagedBridgeWithItsHostNameAndMtu() {
        // Given a bridge Berth does not manage
        Host.run("ip", "link", "add", "it-br0", "type", "bridge");
        try {
            Host.run("ip", "link", "set", "it-br0", "up");

            // When an instance gets a bridged NIC on it, with its own host_name and MTU
            launch("it-nic-br", Map.of("nictype", "bridged", "parent", "it-br0", "host_name", "it-veth0",
                    "mtu", "1400"));

            // Then the host end is named as asked and enslaved to that bridge, and eth0 inside has the MTU and a MAC
            // recorded as volatile, but no address (no IPAM on an unmanaged bridge)
            assertThat(Host.run("ip", "-br", "link", "show", "master", "it-br0")).contains("it-veth0");
            assertThat(Instances.execAny("it-nic-br", "ip", "link", "show", "eth0").output()).contains("mtu 1400");
            String mac = api.getInstance("it-nic-br").config().get("volatile.eth0.hwaddr");
            assertThat(mac).matches("00:16:3e(:[0-9a-f]{2}){3}");
            assertThat(Instances.execAny("it-nic-br", "ip", "link", "show", "eth0").output()).contains(mac);
            assertThat(Instances.execAny("it-nic-br", "ip", "-4", "addr", "show", "eth0").output())
                    .doesNotContain("inet ");

            // And the same MAC comes back after a restart, and the veth goes with the instance
            api.waitSuccess(api.changeState("it-nic-br", "restart", true, 10), 120);
            assertThat(Instances.execAny("it-nic-br", "ip", "link", "show", "eth0").output()).contains(mac);
            Instances.forceDelete(api, "it-nic-br");
            assertThat(Host.runAny("ip", "link", "show", "it-veth0").code()).isNotZero();
        } finally {
            Host.runAny("ip", "link", "del", "it-br0");
        }
    }

    @Test
    void shouldPlugANicWithoutAnAddressIntoANetworkWithoutIpv4() {
        // Given a layer-2 network (ipv4.address=none: a bridge, no dnsmasq)
        api.sync("POST", "/1.0/networks", Map.of("name", OTHER, "config", Map.of("ipv4.address", "none")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Host.runAny("ip", "link", "show", OTHER).code() == 0);

        // When an instance joins it
        launch("it-nic-l2", Map.of("network", OTHER));

        // Then its eth0 is up on that bridge with the recorded MAC and no IPv4 address, and it shows as a user
        JsonNode eth0 = api.sync("GET", "/1.0/instances/it-nic-l2/state", null).path("network").path("eth0");
        assertThat(eth0.path("addresses").findValuesAsText("family")).doesNotContain("inet");
        assertThat(eth0.path("hwaddr").asText()).isEqualTo(api.getInstance("it-nic-l2").config()
                .get("volatile.eth0.hwaddr"));
        assertThat(Host.run("ip", "-br", "link", "show", "master", OTHER)).contains(eth0.path("host_name").asText());
        assertThat(api.sync("GET", "/1.0/networks/" + OTHER, null).path("used_by").toString())
                .contains("/1.0/instances/it-nic-l2");
    }

    @Test
    void shouldPlugANicThatAProfileGainsIntoItsRunningInstances() {
        // Given a running instance with the default profile and an empty one of its own
        network(NET, Map.of("ipv4.address", "auto"));
        api.sync("POST", "/1.0/profiles", Map.of("name", "it-nicprof"));
        try {
            instances.add("it-nic-pr");
            api.waitSuccess(api.createInstance(new InstancesPost("it-nic-pr", "container", true, Map.of(), Map.of(),
                    List.of("default", "it-nicprof"), false, "", "", "",
                    new InstancesPost.InstanceSource("image", "busybox", null, null, null, null))), 120);

            // When the profile gains a NIC on the network
            api.sync("PATCH", "/1.0/profiles/it-nicprof", Map.of("devices", Map.of("eth1",
                    Map.of("type", "nic", "network", NET))));

            // Then the running instance has it at once, addressed on that network
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.sync("GET",
                    "/1.0/instances/it-nic-pr/state", null).path("network").path("eth1").path("addresses")
                    .findValuesAsText("family")).contains("inet"));
            assertThat(Instances.execAny("it-nic-pr", "ip", "link", "show", "eth1").code()).isZero();
            assertThat(api.sync("GET", "/1.0/networks/" + NET + "/leases", null).findValuesAsText("hostname"))
                    .contains("it-nic-pr");

            // When the profile loses it again, it is unplugged and its address freed
            api.sync("PUT", "/1.0/profiles/it-nicprof", Map.of("config", Map.of(), "devices", Map.of()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    Instances.execAny("it-nic-pr", "ip", "link", "show", "eth1").code()).isNotZero());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.sync("GET", "/1.0/networks/" + NET + "/leases", null).findValuesAsText("hostname"))
                    .doesNotContain("it-nic-pr"));
            assertThat(api.getInstance("it-nic-pr").config()).doesNotContainKey("volatile.eth1.hwaddr");
        } finally {
            Instances.forceDelete(api, "it-nic-pr");
            Instances.errorCode("DELETE", "/1.0/profiles/it-nicprof", null);
        }
    }

    @Test
    void shouldBuildANetworkTheNodeNeverHeardOfWhenAnInstanceNeedsIt() throws Exception {
        // Given a network whose record the node has lost (as a new node, or a wiped executor state, would be)
        network(NET, Map.of("ipv4.address", "auto"));
        long executor = Long.parseLong(Host.read(Stack.STATE.resolve("run/host-executor.pid")));
        Host.kill(executor, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Host.alive(executor));
        java.nio.file.Files.delete(Stack.STATE.resolve("executor/networks/" + NET + ".json"));
        Host.run("ip", "link", "del", NET);
        Stack.script("stack-up.sh");

        // When an instance with a NIC on it is launched
        launch("it-nic-new", Map.of("network", NET));

        // Then the executor built the network from network-service's record, and the instance is on it
        assertThat(Host.run("ip", "-br", "link", "show", NET)).contains(NET);
        assertThat(Stack.STATE.resolve("executor/networks/" + NET + ".json")).exists();
        assertThat(Instances.execAny("it-nic-new", "ping", "-c1", "-W2", gatewayOf(address("it-nic-new"))).code())
                .isZero();
    }

    @Test
    void shouldDropSpoofedFramesWhenFilteringIsOn() {
        // Given two instances, the first with MAC and IPv4 filtering
        network(NET, Map.of("ipv4.address", "auto"));
        launch("it-nic-f", Map.of("network", NET, "security.mac_filtering", "true",
                "security.ipv4_filtering", "true"));
        launch("it-nic-g", Map.of("network", NET));
        String f = address("it-nic-f");
        String g = address("it-nic-g");
        String spoofed = f.substring(0, f.lastIndexOf('.') + 1) + "77";
        assertThat(Instances.execAny("it-nic-f", "ping", "-c1", "-W2", g).code()).isZero();

        // When the filtered instance takes another address, its packets are dropped
        Instances.execAny("it-nic-f", "ip", "addr", "flush", "dev", "eth0");
        Instances.execAny("it-nic-f", "ip", "addr", "add", spoofed + "/24", "dev", "eth0");
        assertThat(Instances.execAny("it-nic-f", "ping", "-c1", "-W1", g).code()).isNotZero();

        // And with its own address back but another MAC, so are its frames
        Instances.execAny("it-nic-f", "ip", "addr", "flush", "dev", "eth0");
        Instances.execAny("it-nic-f", "ip", "addr", "add", f + "/24", "dev", "eth0");
        assertThat(Instances.execAny("it-nic-f", "ping", "-c1", "-W2", g).code()).isZero();
        Instances.execAny("it-nic-f", "ip", "link", "set", "eth0", "address", "00:16:3e:aa:bb:cc");
        assertThat(Instances.execAny("it-nic-f", "ping", "-c1", "-W1", g).code()).isNotZero();

        // While the unfiltered one may do as it likes on its own link
        Instances.execAny("it-nic-g", "ip", "addr", "add", spoofed + "/24", "dev", "eth0");
        assertThat(Instances.execAny("it-nic-g", "ping", "-c1", "-W2", "-I", spoofed,
                gatewayOf(g)).code()).isZero();
    }

    private static int freePort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** GET / on a loopback port (the proxy's listen address), raw over a socket. */
    private static String httpGet(int port) throws java.io.IOException {
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes());
            return new String(socket.getInputStream().readAllBytes());
        }
    }

    private String network(String name, Map<String, String> config) {
        api.sync("POST", "/1.0/networks", Map.of("name", name, "config", config));
        String cidr = api.sync("GET", "/1.0/networks/" + name, null).path("config").path("ipv4.address").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Host.runAny("ip", "-br", "addr", "show", name).output().contains(cidr));
        return cidr.substring(0, cidr.indexOf('/'));
    }

    private void launch(String name, Map<String, String> nic) {
        instances.add(name);
        Map<String, String> device = new java.util.TreeMap<>(nic);
        device.put("type", "nic");
        api.waitSuccess(api.createInstance(post(name, Map.of("eth0", device))), 120);
    }

    private static InstancesPost post(String name, Map<String, Map<String, String>> devices) {
        return new InstancesPost(name, "container", true, Map.of(), devices, null, false, "", "", "",
                new InstancesPost.InstanceSource("image", "busybox", null, null, null, null));
    }

    /** The error of a launch with {@code eth0}, which must fail. */
    private String refusal(String name, Map<String, String> eth0) {
        Operation op = api.createInstance(post(name, Map.of("eth0", eth0)));
        try {
            api.waitSuccess(op, 120);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("launching " + name + " with " + eth0 + " succeeded");
    }

    private String address(String name) {
        JsonNode eth0 = api.sync("GET", "/1.0/instances/" + name + "/state", null).path("network").path("eth0");
        for (JsonNode a : eth0.path("addresses")) {
            if (a.path("family").asText().equals("inet")) {
                return a.path("address").asText();
            }
        }
        throw new AssertionError(name + " has no IPv4 address: " + eth0);
    }

    private String hostName(String name) {
        return api.sync("GET", "/1.0/instances/" + name + "/state", null).path("network").path("eth0")
                .path("host_name").asText();
    }

    private static String gatewayOf(String address) {
        return address.substring(0, address.lastIndexOf('.') + 1) + "1";
    }
}
