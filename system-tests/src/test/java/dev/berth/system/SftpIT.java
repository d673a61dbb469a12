package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;

/**
 * The stock {@code incus} 6.0.4 client, which moves files only over SFTP ({@code GET /1.0/instances/{name}/sftp},
 * {@code Upgrade: sftp}), against Berth over HTTPS with a trust token: pushes and pulls keep bytes, mode and the
 * container's owners (stored on the host through the instance's id map), directories travel with {@code -r}, files
 * are created and deleted, and no link in the container takes a push onto the host.
 */
@ExtendWith(Stack.class)
class SftpIT {
    private static final String HTTPS = "https://127.0.0.1:18443";
    private static final String NAME = "it-sftp";
    private static Path work;
    private static Path admin;
    private static Path client;

    @BeforeAll
    static void launchAndTrust() throws IOException, InterruptedException {
        try (LxdClient api = Stack.client()) {
            Instances.forceDelete(api, NAME);
            Instances.launch(api, NAME, Map.of());
        }
        work = Files.createTempDirectory("it-sftp");
        admin = Files.createDirectories(work.resolve("admin"));
        client = Files.createDirectories(work.resolve("client"));
        String made = incus(admin, "config", "trust", "add", "it-sftp-client");
        String[] lines = made.strip().split("\n");
        incus(client, "remote", "add", "berth", lines[lines.length - 1].strip());
    }

    @AfterAll
    static void cleanUp() {
        try (LxdClient api = Stack.client()) {
            Instances.forceDelete(api, NAME);
            Instances.forceDelete(api, NAME + "-stopped");
            for (JsonNode c : api.sync("GET", "/1.0/certificates?recursion=1", null)) {
                if (c.path("name").asText().equals("it-sftp-client")) {
                    api.sync("DELETE", "/1.0/certificates/" + c.path("fingerprint").asText(), null);
                }
            }
        }
        Host.runAny("rm", "-rf", work.toString());
    }

    @Test
    void shouldPushAndPullA5MbFileKeepingModeAndOwnersWhenIncusUsesSftpOverHttps() throws Exception {
        // Given 5 MB of random bytes on the host
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path local = Files.write(work.resolve("big.bin"), data);

        // When incus pushes it over HTTPS with an owner and a mode
        incus(client, "file", "push", local.toString(), "berth:" + NAME + "/root/big.bin", "--uid", "1000", "--gid",
                "1001", "--mode", "0640");

        // Then the container has the same bytes, owned by its uid 1000, gid 1001, mode 0640
        assertThat(inside("sha256sum", "/root/big.bin")).startsWith(sha256(data));
        assertThat(inside("stat", "-c", "%u %g %a %s", "/root/big.bin").strip())
                .isEqualTo("1000 1001 640 " + data.length);
        // and the host stores them through the id map (container uid N = host uid 1000000 + N)
        Path onHost = rootfs().resolve("root/big.bin");
        assertThat(Files.getAttribute(onHost, "unix:uid")).isEqualTo(1_001_000);
        assertThat(Files.getAttribute(onHost, "unix:gid")).isEqualTo(1_001_001);

        // When incus pulls it back, Then the bytes and the mode come back
        Path back = work.resolve("back.bin");
        incus(client, "file", "pull", "berth:" + NAME + "/root/big.bin", back.toString());
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back))).isEqualTo("rw-r-----");
    }

    @Test
    void shouldPushATreeCreateAndDeleteFilesWhenIncusAsks() throws Exception {
        // Given a tree with a nested file and a relative symlink
        Path tree = Files.createDirectories(work.resolve("tree/sub"));
        Files.writeString(work.resolve("tree/a.txt"), "alpha\n");
        Files.writeString(tree.resolve("b.txt"), "beta\n");
        Files.createSymbolicLink(work.resolve("tree/link"), Path.of("sub/b.txt"));

        // When incus pushes it recursively
        incus(client, "file", "push", "-r", work.resolve("tree").toString(), "berth:" + NAME + "/root/");

        // Then the container has the files, the directory and the link, all its root's
        assertThat(inside("cat", "/root/tree/a.txt", "/root/tree/sub/b.txt")).isEqualTo("alpha\nbeta\n");
        assertThat(inside("readlink", "/root/tree/link").strip()).isEqualTo("sub/b.txt");
        assertThat(inside("stat", "-c", "%F %u %g", "/root/tree/sub").strip()).isEqualTo("directory 0 0");
        assertThat(Files.getAttribute(rootfs().resolve("root/tree/sub"), "unix:uid")).isEqualTo(1_000_000);

        // When incus creates a file and a directory, Then they are there, owned as asked
        incus(client, "file", "create", "berth:" + NAME + "/root/made.txt", "--uid", "5", "--mode", "0600");
        incus(client, "file", "create", "--type=directory", "berth:" + NAME + "/root/made.d");
        assertThat(inside("stat", "-c", "%F %u %a %s", "/root/made.txt").strip())
                .isEqualTo("regular empty file 5 600 0");
        assertThat(inside("stat", "-c", "%F", "/root/made.d").strip()).isEqualTo("directory");

        // When incus deletes a file, Then it is gone and its sibling stays
        incus(client, "file", "delete", "berth:" + NAME + "/root/tree/a.txt");
        assertThat(Instances.execAny(NAME, "test", "-e", "/root/tree/a.txt").code()).isEqualTo(1);
        assertThat(inside("cat", "/root/tree/sub/b.txt")).isEqualTo("beta\n");

        // And a pull of the tree brings the link back as a link
        incus(client, "file", "pull", "-r", "berth:" + NAME + "/root/tree", work.resolve("pulled").toString());
        assertThat(Files.readString(work.resolve("pulled/tree/sub/b.txt"))).isEqualTo("beta\n");
        assertThat(Files.readSymbolicLink(work.resolve("pulled/tree/link")).toString()).isEqualTo("sub/b.txt");
    }

    @Test
    void shouldNeverReachTheHostWhenAPushGoesThroughALinkThatPointsOut() throws Exception {
        // Given links in the container to its root and above it
        inside("ln", "-sfn", "/", "/root/top");
        inside("ln", "-sfn", "../../../../../..", "/root/up");
        Path marker = Path.of("/tmp/berth-sftp-it-marker");
        Path climbed = Path.of("/tmp/berth-sftp-it-climbed");
        Files.deleteIfExists(marker);
        Files.deleteIfExists(climbed);
        Files.writeString(work.resolve("m"), "in\n");

        // When incus pushes through the link to /, Then the file lands in the container's /tmp, not the host's
        incus(client, "file", "push", work.resolve("m").toString(), "berth:" + NAME + "/root/top" + marker);
        assertThat(inside("cat", marker.toString())).isEqualTo("in\n");
        assertThat(Files.exists(marker)).isFalse();

        // When it pushes or pulls through the link that climbs above the root, Then it fails and the host is untouched
        StockClient.Result up = StockClient.incus(client, "file", "push", work.resolve("m").toString(),
                "berth:" + NAME + "/root/up"
                        + climbed);
        assertThat(up.exit()).as(up.output()).isNotZero();
        assertThat(Files.exists(climbed)).isFalse();
        StockClient.Result read = StockClient.incus(client, "file", "pull", "berth:" + NAME + "/root/up/etc/hostname",
                work.resolve("h").toString());
        assertThat(read.exit()).as(read.output()).isNotZero();
        assertThat(Files.exists(work.resolve("h"))).isFalse();
    }

    @Test
    void shouldRefuseTheUpgradeWithLxdErrorsWhenItCannotBeServed() throws Exception {
        String socket = Stack.SOCKET.toString();
        // Without the upgrade headers: 400
        assertThat(curl("--unix-socket", socket, "http://berth/1.0/instances/" + NAME + "/sftp"))
                .startsWith("HTTP/1.1 400");
        // An unknown instance: 404
        assertThat(curl("--unix-socket", socket, "-H", "Upgrade: sftp", "-H", "Connection: Upgrade",
                "http://berth/1.0/instances/" + NAME + "-nope/sftp")).startsWith("HTTP/1.1 404");
        // No trusted certificate over HTTPS: 403, nothing upgraded
        assertThat(curl("-k", "--tlsv1.3", "-H", "Upgrade: sftp", "-H", "Connection: Upgrade",
                HTTPS + "/1.0/instances/" + NAME + "/sftp")).startsWith("HTTP/1.1 403");
        // A stopped instance on the overlay pool, whose root exists only while it runs: the executor's 400
        try (LxdClient api = Stack.client()) {
            api.waitSuccess(api.createInstance(Instances.busybox(NAME + "-stopped", Map.of(), false)), 120);
        }
        assertThat(curl("--unix-socket", socket, "-H", "Upgrade: sftp", "-H", "Connection: Upgrade",
                "http://berth/1.0/instances/" + NAME + "-stopped/sftp")).startsWith("HTTP/1.1 400");
        // The legacy alias switches protocols as the instances path does
        String alias = curl("--unix-socket", socket, "-H", "Upgrade: sftp", "-H", "Connection: Upgrade",
                "http://berth/1.0/containers/" + NAME + "/sftp");
        assertThat(alias).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: sftp");
    }

    /** Not a check: how fast incus pushes 100 MB over HTTPS + SFTP ({@code -Dberth.bench=true} to run it). */
    @Test
    @EnabledIfSystemProperty(named = "berth.bench", matches = "true")
    void measurePushThroughputOf100Mb() throws Exception {
        byte[] data = new byte[100 * 1024 * 1024];
        new Random(3).nextBytes(data);
        Path local = Files.write(work.resolve("hundred.bin"), data);
        for (String remote : List.of("berth:", "")) {
            long start = System.nanoTime();
            incus(remote.isEmpty() ? admin : client, "file", "push", local.toString(), remote + NAME + "/root/h.bin");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("SFTP-BENCH %s: 100 MiB in %.2f s = %.1f MiB/s%n", remote.isEmpty()
                    ? "unix socket"
                    : "https", seconds, 100 / seconds);
            assertThat(inside("stat", "-c", "%s", "/root/h.bin").strip()).isEqualTo(Integer.toString(data.length));
        }
    }

    /** The response head curl saw (it gives up after 3 s on an upgraded connection that stays open). */
    private static String curl(String... args) throws IOException, InterruptedException {
        Path headers = Files.createTempFile(work, "h", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-D", headers.toString(),
                "--max-time", "3"));
        command.addAll(List.of(args));
        StockClient.run(Map.of(), 30, command.toArray(String[]::new));
        return Files.readString(headers);
    }

    private static Path rootfs() {
        return Stack.STATE.resolve("executor/containers/default_" + NAME + "/rootfs");
    }

    private static String inside(String... argv) {
        Host.Result r = Instances.execAny(NAME, argv);
        assertThat(r.code()).as(String.join(" ", argv) + ": " + r.output()).isZero();
        return r.output();
    }

    private static String incus(Path conf, String... args) throws IOException, InterruptedException {
        return StockClient.incusOk(conf, args);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
