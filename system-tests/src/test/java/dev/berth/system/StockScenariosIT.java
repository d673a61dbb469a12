package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;

/**
 * The scenarios, each driven by the stock {@code incus} 6.0.4 and LXD 5.0.2's {@code lxc}, over the Unix socket
 * ({@code local:}) and over HTTPS ({@code berth:}, a remote added with a trust token that {@code config trust add}
 * printed over the socket): launch, list, info, stop, start, restart, rename and delete under {@code monitor
 * --type=lifecycle}; exec; file push and pull; {@code config set limits.memory} on a running instance; snapshot and
 * restore; image import and aliases. What ExecIT and FilesIT already drive with lxc over the socket is left out here.
 */
@ExtendWith(Stack.class)
class StockScenariosIT {
    private static final String HTTPS = "https://127.0.0.1:18443";
    private static final Map<Driver, Path> CONFIG = new EnumMap<>(Driver.class);
    private static final Map<Driver, String> SHARED = new EnumMap<>(Driver.class);
    private static Path work;
    private static Path busyboxExport;

    private final LxdClient api = Stack.client();

    /** A stock client and the transport it reaches Berth over. */
    enum Driver {
        INCUS_SOCKET,
        INCUS_HTTPS,
        LXC_HTTPS,
        LXC_SOCKET;

        boolean incus() {
            return this == INCUS_SOCKET || this == INCUS_HTTPS;
        }

        boolean https() {
            return this == INCUS_HTTPS || this == LXC_HTTPS;
        }

        /** The remote prefix: the socket is each client's {@code local:}, HTTPS the remote added with a token. */
        String remote() {
            return https() ? "berth:" : "local:";
        }

        String tag() {
            return name().toLowerCase().replace('_', '-');
        }

        StockClient.Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
            Path conf = CONFIG.get(this);
            return incus() ? StockClient.incus(conf, stdin, 120, args) : StockClient.lxc(conf, stdin, 120, args);
        }

        String ok(String... args) throws IOException, InterruptedException {
            StockClient.Result r = run(null, args);
            assertThat(r.exit()).as(this + " " + String.join(" ", args) + ": " + r).isZero();
            return r.out();
        }

        Process monitor(Path stdout) throws IOException {
            Map<String, String> env = incus()
                    ? StockClient.incusEnvironment(CONFIG.get(this))
                    : StockClient.lxcEnvironment(CONFIG.get(this));
            return StockClient.start(env, stdout, incus() ? "incus" : "lxc", "monitor", remote(), "--type=lifecycle");
        }
    }

    @BeforeAll
    static void addRemotesTheWayAUserDoes() throws Exception {
        work = Files.createTempDirectory("it-scen");
        for (Driver d : Driver.values()) {
            CONFIG.put(d, Files.createDirectories(work.resolve(d.tag())));
        }
        // incus: a token from `incus config trust add` over the socket, consumed by `remote add URL --token`
        String incusToken = lastLine(Driver.INCUS_SOCKET.ok("config", "trust", "add", "it-scen-incus"));
        Driver.INCUS_HTTPS.ok("remote", "add", "berth", HTTPS, "--accept-certificate", "--token=" + incusToken);
        // lxc 5.0: `lxc config trust add --name` over the socket; remote add takes the token in place of the URL
        String lxcToken = lastLine(Driver.LXC_SOCKET.ok("config", "trust", "add", "--name", "it-scen-lxc"));
        Driver.LXC_HTTPS.ok("remote", "add", "berth", lxcToken, "--accept-certificate");

        busyboxExport = work.resolve("busybox.tar.gz");
        try (LxdClient api = Stack.client(); OutputStream out = Files.newOutputStream(busyboxExport)) {
            String fingerprint = api.sync("GET", "/1.0/images/aliases/busybox", null).path("target").asText();
            api.download("/1.0/images/" + fingerprint + "/export", out);
        }
    }

    @AfterAll
    static void cleanUpShared() {
        try (LxdClient api = Stack.client()) {
            SHARED.values().forEach(name -> Instances.forceDelete(api, name));
            for (JsonNode c : api.sync("GET", "/1.0/certificates?recursion=1", null)) {
                if (c.path("name").asText().startsWith("it-scen-")) {
                    api.sync("DELETE", "/1.0/certificates/" + c.path("fingerprint").asText(), null);
                }
            }
        }
        Host.runAny("rm", "-rf", work.toString());
    }

    @AfterEach
    void cleanUp() {
        for (Driver d : Driver.values()) {
            Instances.forceDelete(api, lifeName(d));
            Instances.forceDelete(api, lifeName(d) + "-renamed");
            for (String alias : List.of(imageAlias(d), imageAlias(d) + "-second")) {
                try {
                    String target = api.sync("GET", "/1.0/images/aliases/" + alias, null).path("target").asText();
                    api.sync("DELETE", "/1.0/images/aliases/" + alias, null);
                    api.waitSuccess(api.async("DELETE", "/1.0/images/" + target, null), 60);
                } catch (RuntimeException e) {
                    // the scenario removed it, or never made it
                }
            }
        }
        api.close();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void shouldLaunchListInspectCycleRenameAndDeleteWhileTheMonitorSeesEachStep(Driver d) throws Exception {
        String r = d.remote();
        String name = lifeName(d);
        String renamed = name + "-renamed";
        Path events = work.resolve(d.tag() + "-monitor.yaml");
        Process monitor = d.monitor(events);
        try {
            // Given a monitor that is listening (it shows an update made to another instance)
            String other = shared(d);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                api.waitSuccess(api.async("PATCH", "/1.0/instances/" + other, Map.of("config", Map.of(
                        "user.it-probe", Long.toString(System.nanoTime())))), 30);
                assertThat(lifecycle(events)).contains("instance-updated " + other);
            });

            // When the client launches an instance, Then it runs
            d.ok("launch", r + "busybox", r + name);
            assertThat(api.getInstance(name).status()).isEqualTo("Running");

            // And the default list shows it with its state, address, type and snapshot count
            String address = ipv4(name);
            String table = d.ok("list", r);
            assertThat(table)
                    .containsPattern("\\| *NAME *\\| *STATE *\\| *IPV4 *\\| *IPV6 *\\| *TYPE *\\| *SNAPSHOTS *\\|");
            assertThat(row(table, name)).containsPattern("\\| *RUNNING *\\|").contains(address + " (eth0)")
                    .containsPattern("\\| *CONTAINER *\\| *0 *\\|");

            // And info describes it
            assertThat(d.ok("info", r + name)).contains("Name: " + name).contains("Status: RUNNING")
                    .contains("Type: container");

            // When it is stopped, started and restarted, Then each takes effect (a restart makes a new init)
            d.ok("stop", r + name);
            assertThat(api.getInstance(name).status()).isEqualTo("Stopped");
            d.ok("start", r + name);
            assertThat(api.getInstance(name).status()).isEqualTo("Running");
            long pid = api.getState(name).pid();
            d.ok("restart", r + name);
            assertThat(api.getInstance(name).status()).isEqualTo("Running");
            assertThat(api.getState(name).pid()).isNotEqualTo(pid);

            // When it is stopped and renamed, Then only the new name exists
            d.ok("stop", r + name);
            d.ok("rename", r + name, renamed);
            assertThat(api.listInstanceNames()).contains(renamed).doesNotContain(name);
            assertThat(row(d.ok("list", r), renamed)).containsPattern("\\| *STOPPED *\\|");

            // When it is deleted, Then it is gone
            d.ok("delete", r + renamed);
            assertThat(api.listInstanceNames()).doesNotContain(renamed);
            assertThat(d.ok("list", r)).doesNotContain(renamed);

            // And the monitor saw every step once (a restart: the stop, then instance-restarted, as LXD says). The
            // stock clients print each event from a goroutine of its own, so two that arrive together (a launch's
            // created and started) may swap; only steps that were separate commands are checked for order.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> seen = lifecycle(events).stream()
                        .filter(e -> e.endsWith(" " + name) || e.endsWith(" " + renamed)).toList();
                assertThat(seen).containsExactlyInAnyOrder("instance-created " + name, "instance-started " + name,
                        "instance-stopped " + name, "instance-started " + name, "instance-stopped " + name,
                        "instance-restarted " + name, "instance-stopped " + name, "instance-renamed " + renamed,
                        "instance-deleted " + renamed);
                assertThat(seen).containsSubsequence("instance-restarted " + name, "instance-stopped " + name,
                        "instance-renamed " + renamed, "instance-deleted " + renamed);
            });
        } finally {
            monitor.destroy();
            monitor.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Driver.class, names = {"INCUS_SOCKET", "INCUS_HTTPS", "LXC_HTTPS"})
    void shouldPassTheExitCodeStdinAnd10MbOfStdoutThroughExec(Driver d) throws Exception {
        String c = d.remote() + shared(d);

        StockClient.Result exit = d.run(null, "exec", c, "--", "sh", "-c", "echo out; exit 7");
        assertThat(exit.exit()).as(exit.toString()).isEqualTo(7);
        assertThat(exit.out()).isEqualTo("out\n");

        StockClient.Result piped = d.run("hi\n".getBytes(StandardCharsets.UTF_8), "exec", c, "--", "cat");
        assertThat(piped.exit()).as(piped.toString()).isZero();
        assertThat(piped.out()).isEqualTo("hi\n");

        // 10 MB of random bytes come out whole and unchanged
        inside(shared(d), "sh", "-c", "head -c 10485760 /dev/urandom > /root/ten.bin");
        String digest = inside(shared(d), "sha256sum", "/root/ten.bin").split(" ")[0];
        StockClient.Result big = d.run(null, "exec", c, "--", "cat", "/root/ten.bin");
        assertThat(big.exit()).as(big.toString()).isZero();
        assertThat(big.stdout()).hasSize(10_485_760);
        assertThat(sha256(big.stdout())).isEqualTo(digest);
    }

    @ParameterizedTest
    @EnumSource(value = Driver.class, names = {"INCUS_SOCKET", "INCUS_HTTPS", "LXC_HTTPS"})
    void shouldPushAndPullA5MbFileKeepingModeAndOwnerAndPushADirectory(Driver d) throws Exception {
        String name = shared(d);
        String c = d.remote() + name;
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(d.ordinal()).nextBytes(data);
        Path local = Files.write(work.resolve(d.tag() + "-big.bin"), data);

        // When the client pushes 5 MB with an owner and a mode, Then the container has them as asked
        d.ok("file", "push", local.toString(), c + "/root/big.bin", "--uid", "1000", "--gid", "1001", "--mode",
                "0640");
        assertThat(inside(name, "sha256sum", "/root/big.bin")).startsWith(sha256(data));
        assertThat(inside(name, "stat", "-c", "%u %g %a %s", "/root/big.bin").strip())
                .isEqualTo("1000 1001 640 " + data.length);

        // When it pulls the file back, Then the bytes and the mode come back
        Path back = work.resolve(d.tag() + "-back.bin");
        d.ok("file", "pull", c + "/root/big.bin", back.toString());
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back))).isEqualTo("rw-r-----");

        // When it pushes a directory recursively, Then the tree is there
        Path tree = Files.createDirectories(work.resolve(d.tag() + "-tree/site/sub"));
        Files.writeString(tree.getParent().resolve("index.txt"), "index\n");
        Files.writeString(tree.resolve("page.txt"), "page\n");
        d.ok("file", "push", "-r", tree.getParent().toString(), c + "/root/");
        assertThat(inside(name, "cat", "/root/site/index.txt", "/root/site/sub/page.txt")).isEqualTo("index\npage\n");
        assertThat(inside(name, "stat", "-c", "%F", "/root/site/sub").strip()).isEqualTo("directory");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void shouldChangeTheMemoryCgroupWhenConfigSetRunsOnARunningInstance(Driver d) throws Exception {
        String name = shared(d);
        long pid = api.getState(name).pid();

        d.ok("config", "set", d.remote() + name, "limits.memory=96MiB");

        Path limit = Host.cgroup("memory", "default_" + name).resolve("memory.limit_in_bytes");
        assertThat(Host.read(limit)).isEqualTo(Long.toString(96L << 20));
        assertThat(d.ok("config", "get", d.remote() + name, "limits.memory").strip()).isEqualTo("96MiB");
        assertThat(api.getInstance(name).status()).isEqualTo("Running");
        assertThat(api.getState(name).pid()).isEqualTo(pid);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void shouldBringAFileBackWhenARunningInstanceIsRestoredFromASnapshot(Driver d) throws Exception {
        String name = shared(d);
        String c = d.remote() + name;
        inside(name, "sh", "-c", "echo one > /root/state");

        // When the client snapshots the running instance, the file changes, and the client restores
        d.ok(d.incus() ? new String[]{"snapshot", "create", c, "it-snap"} : new String[]{"snapshot", c, "it-snap"});
        assertThat(snapshots(name)).containsExactly("it-snap");
        inside(name, "sh", "-c", "echo two > /root/state");
        d.ok(d.incus() ? new String[]{"snapshot", "restore", c, "it-snap"} : new String[]{"restore", c, "it-snap"});

        // Then the file is back and the instance runs
        assertThat(inside(name, "cat", "/root/state").strip()).isEqualTo("one");
        assertThat(api.getInstance(name).status()).isEqualTo("Running");

        // And the client deletes the snapshot
        d.ok(d.incus() ? new String[]{"snapshot", "delete", c, "it-snap"} : new String[]{"delete", c + "/it-snap"});
        assertThat(snapshots(name)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void shouldImportAnImageAndCreateListAndDeleteAliases(Driver d) throws Exception {
        String r = d.remote();
        String alias = imageAlias(d);
        String second = alias + "-second";
        Path image = work.resolve(d.tag() + "-image.tar.gz");
        ImageTarballs.withExtraFile(busyboxExport, image, "rootfs/etc/it-scen", d.tag() + "\n");
        String sha = ImageTarballs.sha256(image);

        // When the client imports a unified tarball under an alias, Then the image is the file's sha256
        d.ok("image", "import", image.toString(), r, "--alias", alias);
        assertThat(api.sync("GET", "/1.0/images/aliases/" + alias, null).path("target").asText()).isEqualTo(sha);
        assertThat(row(d.ok("image", "list", r), alias)).contains(sha.substring(0, 12));

        // When it adds a second alias, Then both are listed
        d.ok("image", "alias", "create", r + second, sha);
        String aliases = d.ok("image", "alias", "list", r);
        assertThat(row(aliases, alias)).contains(sha.substring(0, 12));
        assertThat(row(aliases, second)).contains(sha.substring(0, 12));

        // When it deletes the second alias and the image, Then both are gone
        d.ok("image", "alias", "delete", r + second);
        assertThat(d.ok("image", "alias", "list", r)).doesNotContain(second).contains(alias);
        d.ok("image", "delete", r + alias);
        assertThat(Instances.errorCode("GET", "/1.0/images/" + sha, null)).isEqualTo(404);
        assertThat(Instances.errorCode("GET", "/1.0/images/aliases/" + alias, null)).isEqualTo(404);
    }

    /** The running instance each client shares between its scenarios, launched over the socket on first use. */
    private String shared(Driver d) {
        return SHARED.computeIfAbsent(d, k -> {
            String name = "it-scen-" + k.tag();
            Instances.forceDelete(api, name);
            Instances.launch(api, name, Map.of());
            return name;
        });
    }

    private static String lifeName(Driver d) {
        return "it-scen-" + d.tag() + "-life";
    }

    private static String imageAlias(Driver d) {
        return "it-scen-" + d.tag() + "-img";
    }

    private String ipv4(String name) {
        String address = api.sync("GET", "/1.0/instances/" + name + "/state", null).path("network").path("eth0")
                .path("addresses").path(0).path("address").asText();
        assertThat(address).isNotEmpty();
        return address;
    }

    private List<String> snapshots(String name) {
        List<String> names = new ArrayList<>();
        api.sync("GET", "/1.0/instances/" + name + "/snapshots", null)
                .forEach(url -> names.add(url.asText().substring(url.asText().lastIndexOf('/') + 1)));
        return names;
    }

    /** The table row whose first cell is {@code name}. */
    private static String row(String table, String name) {
        return table.lines().filter(l -> l.matches("\\| *" + java.util.regex.Pattern.quote(name) + " *\\|.*"))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + table));
    }

    /** "ACTION NAME" for each lifecycle event the monitor printed (as YAML), in order. */
    private static List<String> lifecycle(Path monitorOutput) throws IOException {
        List<String> seen = new ArrayList<>();
        String action = null;
        for (String line : Files.readAllLines(monitorOutput)) {
            String l = line.strip();
            if (l.startsWith("action: ")) {
                action = l.substring("action: ".length());
            } else if (l.startsWith("source: /1.0/instances/") && action != null) {
                seen.add(action + " " + l.substring("source: /1.0/instances/".length()));
                action = null;
            }
        }
        return seen;
    }

    private static String inside(String name, String... argv) {
        Host.Result r = Instances.execAny(name, argv);
        assertThat(r.code()).as(String.join(" ", argv) + ": " + r.output()).isZero();
        return r.output();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
