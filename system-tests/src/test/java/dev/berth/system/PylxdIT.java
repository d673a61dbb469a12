package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;

/**
 * pylxd 2.2.10 from Debian's {@code python3-pylxd} (the library under nova-lxd) drives Berth over the Unix socket,
 * and over HTTPS with a client certificate it trusts with a token from {@code incus config trust add}, through the legacy {@code /1.0/containers} aliases: create, list, get, state, start, execute, stop, rename, delete, and the
 * files of a running container ({@code files.put}, {@code files.get}).
 */
@ExtendWith(Stack.class)
class PylxdIT {
    /** infra/stack-up.sh's default core.https_address. */
    private static final String HTTPS = "https://127.0.0.1:18443";
    /** PYLXD_CERT, PYLXD_KEY and PYLXD_TOKEN for pylxd_connect.py over HTTPS. */
    private static final Map<String, String> HTTPS_CLIENT = new HashMap<>();

    private final LxdClient api = Stack.client();

    @BeforeAll
    static void makeAClientCertificateAndAToken() throws Exception {
        Path dir = Files.createTempDirectory("it-pylxd");
        Path crt = dir.resolve("client.crt");
        Path key = dir.resolve("client.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:secp384r1", "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days",
                "2", "-subj", "/CN=it-pylxd").redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(out).isZero();
        // a token as an operator makes one for nova-lxd: `incus config trust add` over the socket
        StockClient.Result token = StockClient.incus(Files.createDirectories(dir.resolve("incus")), "config", "trust",
                "add", "it-pylxd");
        assertThat(token.exit()).as(token.output()).isZero();
        String[] lines = token.out().strip().split("\n");
        HTTPS_CLIENT.put("PYLXD_CERT", crt.toString());
        HTTPS_CLIENT.put("PYLXD_KEY", key.toString());
        HTTPS_CLIENT.put("PYLXD_TOKEN", lines[lines.length - 1].strip());
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of("it-pylxd-a", "it-pylxd-b", "it-pylxd-files", "it-pylxds-a", "it-pylxds-b",
                "it-pylxds-files")) {
            Instances.forceDelete(api, name);
        }
        api.close();
    }

    @Test
    void shouldDriveContainersThroughTheLegacyAliasesWhenPylxdAsks() throws Exception {
        // Given the stock pylxd and a script of what nova-lxd does with it
        Path script = Path.of(PylxdIT.class.getResource("/pylxd_containers.py").toURI());

        // When it runs against the stack's socket, and over HTTPS
        String out = python(Map.of(), script.toString(), Stack.SOCKET.toString(), "it-pylxd");
        String overHttps = python(HTTPS_CLIENT, script.toString(), HTTPS, "it-pylxds");

        // Then every step succeeded both ways
        for (String o : List.of(out, overHttps)) {
            assertContainerSteps(o);
        }
    }

    private static void assertContainerSteps(String out) {
        assertThat(out)
                .contains("ok   GET /1.0/containers lists", "ok   rename(wait=True) renames it",
                        "ok   execute() gives exit code",
                        "ok   execute() passes environment and stdin",
                        "ok   delete(wait=True) removes it", "done")
                .doesNotContain("FAIL");
    }

    @Test
    void shouldPutAndGetFilesKeepingModeAndOwnerWhenPylxdMovesThem() throws Exception {
        // Given running containers, one reached over the socket and one over HTTPS
        Instances.launch(api, "it-pylxd-files", Map.of());
        Instances.launch(api, "it-pylxds-files", Map.of());
        Path script = Path.of(PylxdIT.class.getResource("/pylxd_files.py").toURI());

        // When pylxd puts files into each (one with a mode and owner) and gets them back
        String out = python(Map.of(), script.toString(), Stack.SOCKET.toString(), "it-pylxd-files");
        String overHttps = python(HTTPS_CLIENT, script.toString(), HTTPS, "it-pylxds-files");

        // Then the round trips kept the bytes, and the container sees the mode and owner pylxd asked for
        for (String o : List.of(out, overHttps)) {
            assertThat(o).contains("ok   files.get reads the same 1048581 bytes back", "ok   files.put of a str",
                    "done").doesNotContain("FAIL");
        }
        for (String name : List.of("it-pylxd-files", "it-pylxds-files")) {
            Host.Result stat = Instances.execAny(name, "stat", "-c", "%u %g %a %s", "/root/blob.bin");
            assertThat(stat.output().strip()).isEqualTo("1000 1001 640 1048581");
            assertThat(Instances.execAny(name, "cat", "/root/note.txt").output()).isEqualTo("text from pylxd\n");
        }
    }

    /** Runs a script with Debian's python, where python3-pylxd lives; fails unless it exits 0; returns its output. */
    private static String python(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        // requests lets these override a session's verify=False (the server certificate is self-signed)
        pb.environment().remove("REQUESTS_CA_BUNDLE");
        pb.environment().remove("CURL_CA_BUNDLE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
