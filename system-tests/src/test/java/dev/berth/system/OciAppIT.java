package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.imageformat.testing.OciArchives;
import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.InstancesPost;
import picocli.CommandLine;

/**
 * OCI application images end to end: an OCI layout or docker-archive built here is imported with the CLI, launched,
 * runs its entrypoint under tini with the image's args, env, working dir and user, and stops on SIGTERM.
 */
@ExtendWith(Stack.class)
class OciAppIT {
    private static final String SCRIPT = """
            #!/bin/sh
            echo "args: $*"
            echo "uid=$(id -u) gid=$(id -g) cwd=$(pwd) GREETING=$GREETING"
            echo started > /app/started
            exec sleep 1000
            """;
    private static final String NAME = "it-oci-app";
    private static final String ALIAS = "it-oci-app";

    private final LxdClient api = Stack.client();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, NAME);
        try {
            String target = api.sync("GET", "/1.0/images/aliases/" + ALIAS, null).path("target").asText();
            api.sync("DELETE", "/1.0/images/aliases/" + ALIAS, null);
            api.waitSuccess(api.async("DELETE", "/1.0/images/" + target, null), 60);
        } catch (RuntimeException e) {
            // not there
        }
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "docker"})
    void shouldRunTheEntrypointWhenAnOciImageIsImportedAndLaunched(String kind) throws Exception {
        // Given an application image archive: busybox, /app/entry.sh as entrypoint, user 1000, GREETING=hi
        OciArchives archives = new OciArchives(OciArchives.Settings.defaults(), SCRIPT);
        OciArchives.Layout layout = kind.equals("oci")
                ? archives.ociLayout("1.0")
                : archives.dockerArchive("berth/app:1.0");
        Path archive = Files.write(tmp.resolve("app-" + kind + ".tar"), layout.bytes());

        // When it is imported with the CLI under an alias
        long t0 = System.nanoTime();
        CliRun imported = cli("image", "import", archive.toString(), "--alias", ALIAS);
        long importMs = (System.nanoTime() - t0) / 1_000_000;

        // Then it is an OCI application image with the OCI fingerprint
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains(layout.fingerprint());
        JsonNode image = api.sync("GET", "/1.0/images/" + layout.fingerprint(), null);
        assertThat(image.path("properties").path("type").asText()).isEqualTo("oci");

        // When it is launched
        t0 = System.nanoTime();
        api.waitSuccess(api.createInstance(new InstancesPost(NAME, "container", true, Map.of(), Map.of(), null,
                false, "", "", "", new InstancesPost.InstanceSource("image", ALIAS, null, null, null, null))), 120);
        long launchMs = (System.nanoTime() - t0) / 1_000_000;

        // Then the entrypoint runs with the image's args, user, working dir and env, and writes its marker
        Path bundle = Stack.STATE.resolve("executor/containers/default_" + NAME);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bundle.resolve("console.log"))
                .content().contains("args: hello world").contains("uid=1000 gid=1000 cwd=/app GREETING=hi"));
        assertThat(bundle.resolve("rootfs/app/started")).hasContent("started");
        assertThat(api.getInstance(NAME).status()).isEqualTo("Running");

        // When it is stopped without force, tini passes SIGTERM on to the application, which exits at once
        t0 = System.nanoTime();
        Instances.stop(api, NAME, false);
        long stopMs = (System.nanoTime() - t0) / 1_000_000;

        // Then it stopped well before the stop timeout would have killed it
        assertThat(api.getInstance(NAME).status()).isEqualTo("Stopped");
        assertThat(stopMs).isLessThan(8_000);
        System.out.printf("OciAppIT %s: import %d ms, launch %d ms, stop %d ms%n", kind, importMs, launchMs,
                stopMs);
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
