package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private final LxdClient api = Stack.client();
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
        Path busybox = Files.createTempFile(configDir, "busybox", ".tar.gz");
        try (var out = Files.newOutputStream(busybox)) {
            api.download("/1.0/images/" + api.sync("GET", "/1.0/images/aliases/busybox", null).path("target")
                    .asText() + "/export", out);
        }
        Path marked = configDir.resolve("marked.tar.gz");
        ImageTarballs.withExtraFile(busybox, marked, "rootfs/etc/berth-remote-marker", "pulled\n");
        String fingerprint = ImageTarballs.sha256(marked);
        pulled = fingerprint;
        HttpResponse<String> uploaded = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(remote.url() + "/1.0/images"))
                        .header("Content-Type", "application/octet-stream").header("X-Incus-public", "true")
                        .header("X-Incus-aliases", "alias=it-remote-img")
                        .POST(HttpRequest.BodyPublishers.ofFile(marked)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isBetween(200, 202);

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
