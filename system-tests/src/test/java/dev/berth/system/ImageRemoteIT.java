package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.cli.http.LxdClient;
import picocli.CommandLine;

/**
 * Another Berth as a simplestreams image remote: a second image-service serves its public images, and
 * {@code berth remote add} + {@code berth launch other:ALIAS} pull through it into the stack under test.
 */
@ExtendWith(Stack.class)
class ImageRemoteIT {
    private static final int REMOTE_PORT = 18092;
    private static RemoteImageServer remote;
    private static Path configDir;
    private static String remoteFingerprint;

    private final LxdClient api = Stack.client();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String pulled;

    @BeforeAll
    static void startRemote() throws Exception {
        remote = new RemoteImageServer(REMOTE_PORT, "image_it_remote", Stack.STATE.getParent().resolve("remote"))
                .awaitReady();
        configDir = Files.createTempDirectory("berth-it-config");
        System.setProperty("berth.config-dir", configDir.toString());
    }

    @AfterAll
    static void stopRemote() throws Exception {
        System.clearProperty("berth.config-dir");
        if (remote != null) {
            remote.close();
        }
        try (var files = Files.walk(configDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, "it-remote");
        if (pulled != null) {
            try {
                api.waitSuccess(api.async("DELETE", "/1.0/images/" + pulled, null), 60);
            } catch (RuntimeException e) {
                // not there
            }
        }
        api.close();
    }

    @Test
    void shouldLaunchFromThePulledImageWhenTheAliasLivesOnAnotherBerth() throws Exception {
        // Given the remote holds a public image (busybox with a marker file) under the alias it-remote-img
        String fingerprint = publishOnRemote("it-remote-img");

        // When a user adds the other Berth as a simplestreams remote and launches from its alias
        CliRun added = cli("remote", "add", "other", remote.url(), "--protocol", "simplestreams");
        CliRun launched = cli("launch", "other:it-remote-img", "it-remote");

        // Then the instance runs from the pulled image, marker file included
        assertThat(added.code).as(added.err).isZero();
        assertThat(launched.code).as(launched.out + launched.err).isZero();
        JsonNode instance = api.sync("GET", "/1.0/instances/it-remote", null);
        assertThat(instance.path("status").asText()).isEqualTo("Running");
        assertThat(instance.path("config").path("volatile.base_image").asText()).isEqualTo(fingerprint);
        assertThat(Stack.STATE.resolve("executor/containers/default_it-remote/rootfs/etc/berth-remote-marker"))
                .hasContent("pulled");

        // And the local store now holds the image, private and without the remote's alias
        JsonNode image = api.sync("GET", "/1.0/images/" + fingerprint, null);
        assertThat(image.path("public").asBoolean()).isFalse();
        assertThat(image.path("aliases")).isEmpty();
    }

    @Test
    void shouldFailTheLaunchWhenTheRemoteHasNoSuchAlias() throws Exception {
        // Given the remote is known
        cli("remote", "add", "other2", remote.url(), "--protocol", "simplestreams");

        // When a user launches an alias it does not have
        CliRun launched = cli("launch", "other2:no-such-image", "it-remote");

        // Then the launch fails naming the alias and the server, and no instance is left
        assertThat(launched.code).isNotZero();
        assertThat(launched.err).contains("no-such-image").contains(remote.url());
        assertThat(Stack.http().request("GET", "/1.0/instances/it-remote", null).status()).isEqualTo(404);
    }

    @Test
    void shouldCopyAndLaunchWithTheStockClientsOverHttpsTrustingThePinnedCertificate() throws Exception {
        // Given the remote holds a public image under it-remote-img, and the stock incus and lxc know the remote as a
        // simplestreams server over HTTPS, its self-signed certificate pinned where each client keeps it
        String fingerprint = publishOnRemote("it-remote-img");
        Path incusConf = pinned(configDir.resolve("incus"), "other", remote.certificate());
        Path lxcHome = configDir.resolve("lxc-home");
        pinned(lxcHome.resolve(".config/lxc"), "other", remote.certificate());
        incus(incusConf, "remote", "add", "other", remote.httpsUrl(), "--protocol", "simplestreams");
        lxc(lxcHome, "remote", "add", "other", remote.httpsUrl(), "--protocol", "simplestreams");

        // When incus lists the remote and copies the image here under an alias of its own
        String listed = incus(incusConf, "image", "list", "other:", "--format", "csv", "-c", "lf");
        incus(incusConf, "image", "copy", "other:it-remote-img", "local:", "--alias", "it-copied");

        // Then the image is here under that alias, private, and remembers where it came from
        assertThat(listed).contains("it-remote-img").contains(fingerprint.substring(0, 12));
        assertThat(api.sync("GET", "/1.0/images/aliases/it-copied", null).path("target").asText())
                .isEqualTo(fingerprint);
        JsonNode copied = api.sync("GET", "/1.0/images/" + fingerprint, null);
        assertThat(copied.path("public").asBoolean()).isFalse();
        assertThat(copied.path("update_source").path("server").asText()).isEqualTo(remote.httpsUrl());

        // When the copy is gone again and lxc launches straight from the remote's alias
        api.waitSuccess(api.async("DELETE", "/1.0/images/" + fingerprint, null), 60);
        lxc(lxcHome, "launch", "other:it-remote-img", "it-remote");

        // Then Berth pulled it over HTTPS once more (the certificate came with the request) and the instance runs it
        JsonNode instance = api.sync("GET", "/1.0/instances/it-remote", null);
        assertThat(instance.path("status").asText()).isEqualTo("Running");
        assertThat(instance.path("config").path("volatile.base_image").asText()).isEqualTo(fingerprint);
        assertThat(Stack.STATE.resolve("executor/containers/default_it-remote/rootfs/etc/berth-remote-marker"))
                .hasContent("pulled");
    }

    @Test
    void shouldFailTheCopyAndStoreNothingWhenTheServerIsNotTheOneWhoseCertificateCameWithIt() throws Exception {
        // Given the remote holds a public image, and a client names another certificate (the stack's own) for it
        String fingerprint = publishOnRemote("it-remote-img");
        String wrong = Files.readString(Stack.STATE.resolve("server.crt"));

        // When it asks Berth to copy the image from there
        var op = api.async("POST", "/1.0/images", Map.of("source", Map.of("type", "image", "mode", "pull", "server",
                remote.httpsUrl(), "protocol", "simplestreams", "fingerprint", "it-remote-img", "certificate", wrong)));

        // Then the operation fails over TLS and no image was stored
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.waitOperation(op.id(), 60))
                .hasMessageContaining("TLS").hasMessageContaining(remote.httpsUrl());
        assertThat(api.getOperation(op.id()).status()).isEqualTo("Failure");
        assertThat(Stack.http().request("GET", "/1.0/images/" + fingerprint, null).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAnInstanceWhoseSourceCertificateIsNotACertificate() throws Exception {
        // When an instance is asked for from a remote image server with a certificate that is no certificate
        int code = Instances.errorCode("POST", "/1.0/instances",
                "{\"name\":\"it-remote\",\"source\":{\"type\":\"image\",\"mode\":\"pull\",\"server\":\""
                        + remote.httpsUrl() + "\",\"protocol\":\"simplestreams\",\"alias\":\"x\","
                        + "\"certificate\":\"not a certificate\"}}");

        // Then it is a 400 and nothing was created
        assertThat(code).isEqualTo(400);
        assertThat(Stack.http().request("GET", "/1.0/instances/it-remote", null).status()).isEqualTo(404);
    }

    @Test
    void shouldServeThePublicImagesAsSimplestreamsOnTheGatewaysHttpsAddress() throws Exception {
        // Given busybox is public here, and incus pins this server's certificate for its HTTPS address
        api.sync("PATCH", "/1.0/images/" + busybox(), Map.of("public", true));
        try {
            Path conf = pinned(configDir.resolve("incus-self"), "self", Stack.STATE.resolve("server.crt"));

            // When incus, with no client certificate trusted here, adds that address as a simplestreams remote
            incus(conf, "remote", "add", "self", "https://127.0.0.1:18443", "--protocol", "simplestreams");
            String listed = incus(conf, "image", "list", "self:", "--format", "csv", "-c", "lfp");
            String info = incus(conf, "image", "info", "self:busybox");

            // Then it sees the public image by alias and fingerprint, as any image server's
            assertThat(listed).contains("busybox").contains(busybox().substring(0, 12));
            assertThat(info).contains("Fingerprint: " + busybox()).contains("os: busybox");
        } finally {
            api.sync("PATCH", "/1.0/images/" + busybox(), Map.of("public", false));
        }
    }

    private String busybox() {
        return api.sync("GET", "/1.0/images/aliases/busybox", null).path("target").asText();
    }

    /**
     * Puts a public copy of busybox with a marker file on the remote under {@code alias} (once: the tarball is made
     * afresh each time, so its fingerprint would differ); its fingerprint.
     */
    private String publishOnRemote(String alias) throws Exception {
        if (remoteFingerprint == null) {
            Path busybox = Files.createTempFile(configDir, "busybox", ".tar.gz");
            try (var out = Files.newOutputStream(busybox)) {
                api.download("/1.0/images/" + busybox() + "/export", out);
            }
            Path marked = configDir.resolve("marked.tar.gz");
            ImageTarballs.withExtraFile(busybox, marked, "rootfs/etc/berth-remote-marker", "pulled\n");
            String fingerprint = ImageTarballs.sha256(marked);
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(remote.url() + "/1.0/images"))
                    .header("Content-Type", "application/octet-stream").header("Authorization", remote.authorization())
                    .header("X-Incus-public", "true")
                    .header("X-Incus-aliases", "alias=" + alias).POST(HttpRequest.BodyPublishers.ofFile(marked))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isBetween(200, 202);
            remoteFingerprint = fingerprint;
        }
        pulled = remoteFingerprint;
        return remoteFingerprint;
    }

    /** A client config dir holding {@code certificate} as the pinned one of remote {@code name}. */
    private static Path pinned(Path configDir, String name, Path certificate) throws IOException {
        Files.createDirectories(configDir.resolve("servercerts"));
        Files.copy(certificate, configDir.resolve("servercerts/" + name + ".crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return configDir;
    }

    private static String incus(Path conf, String... args) throws IOException, InterruptedException {
        return StockClient.incusOk(conf, args);
    }

    private static String lxc(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        return ok(StockClient.run(Map.of("HOME", home.toString(), "LXD_DIR", Stack.STATE.toString()), 120,
                command.toArray(String[]::new)), command);
    }

    private static String ok(StockClient.Result r, List<String> command) {
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r).isZero();
        return r.out();
    }

    private record CliRun(int code, String out, String err) {
    }

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new Main(Stack::client));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
