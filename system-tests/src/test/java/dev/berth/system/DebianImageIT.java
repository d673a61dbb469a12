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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.InstancesPost;
import picocli.CommandLine;

/** {@code berth image build debian/12}: debootstrap on the node, and the result boots systemd under runc. */
@ExtendWith(Stack.class)
class DebianImageIT {
    private static final String ALIAS = "it-debian-12";
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, "it-deb");
        try {
            String target = api.sync("GET", "/1.0/images/aliases/" + ALIAS, null).path("target").asText();
            api.sync("DELETE", "/1.0/images/aliases/" + ALIAS, null);
            api.waitSuccess(api.async("DELETE", "/1.0/images/" + target, null), 60);
        } catch (RuntimeException e) {
            // nothing was built
        }
        api.close();
    }

    @Test
    void shouldBuildABootableDebianImageWhenAskedThroughTheCli() throws Exception {
        // When a user builds debian/12 under an alias
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main(Stack::client));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("image", "build", "debian/12", "--alias", ALIAS);

        // Then the image exists with Debian's properties and templates
        assertThat(code).as(err.toString()).isZero();
        String fingerprint = api.sync("GET", "/1.0/images/aliases/" + ALIAS, null).path("target").asText();
        assertThat(out.toString()).contains(fingerprint);
        JsonNode image = api.sync("GET", "/1.0/images/" + fingerprint, null);
        assertThat(image.path("properties").path("os").asText()).isEqualTo("debian");
        assertThat(image.path("properties").path("release").asText()).isEqualTo("bookworm");

        // When an instance is launched from it
        api.waitSuccess(api.createInstance(new InstancesPost("it-deb", "container", true, Map.of(), Map.of(), null,
                false, "", "", "", new InstancesPost.InstanceSource("image", ALIAS, null, null, null, null))), 120);

        // Then systemd boots to "running", with the instance's name from the hostname template and its own machine-id
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                String.valueOf(Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-deb", "systemctl",
                        "is-system-running")).strip())
                .isEqualTo("running"));
        // unprivileged by default: root is host uid 1000000, and the seccomp deny list answers keyctl with EPERM
        // and kexec_load with ENOSYS (perl-base is in minbase; 250 and 246 are their x86_64 numbers)
        assertThat(String.valueOf(Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-deb", "cat",
                "/proc/self/uid_map"))).containsPattern("^\\s*0\\s+1000000\\s+1000000000");
        assertThat(String.valueOf(Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-deb", "perl", "-e",
                "syscall(250, 0, 0, 0, 0, 0); print $!+0, q{ }; syscall(246, 0, 0, 0, 0); print $!+0")).strip())
                .isEqualTo("1 38");
        assertThat(String.valueOf(Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-deb", "hostname"))
                .strip())
                .isEqualTo("it-deb");
        assertThat(String.valueOf(Host.run("runc", "--root", Stack.RUNC_ROOT, "exec", "default_it-deb", "cat",
                "/etc/machine-id")).strip()).matches("[0-9a-f]{32}");

        // And its console has a login prompt, as on Incus: incus console attaches, Enter brings the prompt again
        Path conf = Files.createTempDirectory("it-deb-console");
        try (ConsoleTerminal console = ConsoleTerminal.start(StockClient.incusEnvironment(conf),
                "incus console it-deb")) {
            console.await("+a q");
            console.type("\n");
            console.await("it-deb login:");
            console.detach();
            assertThat(console.exit()).as(console.output()).isZero();
        }

        // And a graceful stop halts systemd
        Instances.stop(api, "it-deb", false);
        assertThat(api.getInstance("it-deb").status()).isEqualTo("Stopped");
    }
}
