package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;

/**
 * HTTPS with client certificates, driven by the stock clients: {@code incus} 6.0 and LXD 5.0's {@code lxc} add a
 * remote with a trust token made by {@code config trust add} over the socket, then list and inspect instances over
 * HTTPS; pylxd authenticates with a token; curl without a trusted certificate sees only {@code /1.0}. Revoking a
 * certificate locks its client out at its next request.
 */
@ExtendWith(Stack.class)
class HttpsTrustIT {
    /** infra/stack-up.sh's default core.https_address. */
    private static final String HTTPS = "https://127.0.0.1:18443";
    private static final String INSTANCE = "it-https-a";

    private final LxdClient api = Stack.client();
    private final List<Path> dirs = new ArrayList<>();

    @BeforeAll
    static void launch() {
        try (LxdClient api = Stack.client()) {
            Instances.launch(api, INSTANCE, Map.of());
        }
    }

    @AfterAll
    static void delete() {
        try (LxdClient api = Stack.client()) {
            Instances.forceDelete(api, INSTANCE);
        }
    }

    @AfterEach
    void cleanUp() {
        for (JsonNode c : api.sync("GET", "/1.0/certificates?recursion=1", null)) {
            if (c.path("name").asText().startsWith("it-")) {
                api.sync("DELETE", "/1.0/certificates/" + c.path("fingerprint").asText(), null);
            }
        }
        dirs.forEach(d -> Host.runAny("rm", "-rf", d.toString()));
        api.close();
    }

    @Test
    void shouldLetTheStockIncusClientInWithATokenUntilItsCertificateIsRemoved() throws Exception {
        // Given a token made over the socket, as an admin does
        Path admin = dir("it-incus-admin");
        Path remote = dir("it-incus-client");
        String made = incus(admin, "config", "trust", "add", "it-alice");
        String token = lastLine(made);
        assertThat(made).contains("it-alice certificate add token");
        assertThat(incus(admin, "config", "trust", "list-tokens", "--format", "csv")).contains("it-alice,");

        // When a client on HTTPS consumes it (the token form checks the served certificate's fingerprint)
        incus(remote, "remote", "add", "berth", token);

        // Then it lists and inspects instances over HTTPS
        assertThat(incus(remote, "list", "berth:", "--format", "csv", "-c", "ns"))
                .contains(INSTANCE + ",RUNNING");
        String info = incus(remote, "info", "berth:" + INSTANCE);
        assertThat(info).contains("Name: " + INSTANCE).contains("Status: RUNNING");
        assertThat(incus(admin, "config", "trust", "list", "--format", "csv")).contains("it-alice,client");
        assertThat(incus(admin, "config", "trust", "list-tokens", "--format", "csv")).doesNotContain(
                "it-alice,");

        // And the token is spent: a second client cannot use it
        Result again = incusAny(dir("it-incus-other"), "remote", "add", "berth", HTTPS, "--token=" + token,
                "--accept-certificate");
        assertThat(again.code()).as(again.output()).isNotZero();

        // A revoked token is refused too
        String revoked = lastLine(incus(admin, "config", "trust", "add", "it-carol"));
        incus(admin, "config", "trust", "revoke-token", "it-carol");
        Result late = incusAny(dir("it-incus-late"), "remote", "add", "berth", revoked);
        assertThat(late.code()).as(late.output()).isNotZero();

        // When the admin removes the certificate, the client's next request is refused
        String fingerprint = fingerprintOf("it-alice");
        incus(admin, "config", "trust", "remove", fingerprint);
        Result refused = incusAny(remote, "list", "berth:");
        assertThat(refused.code()).as(refused.output()).isNotZero();
    }

    @Test
    void shouldLetTheStockLxcClientInWithAToken() throws Exception {
        // Given a token made by LXD 5.0's lxc over the socket
        String token = lastLine(lxc(dir("it-lxc-admin"), "config", "trust", "add", "--name", "it-bob"));

        // When lxc adds the remote with it (LXD 5.0 sends the token as "password")
        Path home = dir("it-lxc-client");
        lxc(home, "remote", "add", "berth", token, "--accept-certificate");

        // Then it lists the instances over HTTPS and the trust store names it
        assertThat(lxc(home, "list", "berth:", "--format", "csv", "-c", "ns")).contains(INSTANCE + ",RUNNING");
        assertThat(fingerprintOf("it-bob")).hasSize(64);
    }

    @Test
    void shouldLetPylxdAuthenticateWithATokenOverHttps() throws Exception {
        Path d = dir("it-pylxd");
        Path crt = d.resolve("client.crt");
        Path key = d.resolve("client.key");
        selfSigned("it-pylxd", crt, key);
        String token = token("it-py");
        String script = String.join("\n",
                "import json, sys, warnings, pylxd",
                "warnings.simplefilter('ignore')",
                "c = pylxd.Client(endpoint=sys.argv[1], cert=(sys.argv[2], sys.argv[3]), verify=False)",
                "before = c.trusted",
                "c.authenticate(sys.argv[4])",
                "print(json.dumps({'before': before, 'after': c.trusted,",
                "    'instances': c.api.instances.get().json()['metadata']}))");
        Files.writeString(d.resolve("auth.py"), script);

        // requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's verify=False, so they go
        Map<String, String> env = new java.util.HashMap<>();
        env.put("REQUESTS_CA_BUNDLE", null);
        env.put("CURL_CA_BUNDLE", null);
        Result r = run(env, "/usr/bin/python3", d.resolve("auth.py").toString(), HTTPS, crt.toString(),
                key.toString(), token);

        assertThat(r.code()).as(r.output()).isZero();
        JsonNode out = Json.MAPPER.readTree(lastLine(r.output()));
        assertThat(out.path("before").asBoolean()).isFalse();
        assertThat(out.path("after").asBoolean()).isTrue();
        assertThat(out.path("instances").toString()).contains("/1.0/instances/" + INSTANCE);
        assertThat(fingerprintOf("it-py")).isEqualTo(opensslFingerprint(crt));
    }

    @Test
    void shouldShowOnlyApi10ToClientsWithoutATrustedCertificate() throws Exception {
        // No certificate: /1.0 says untrusted; everything else, RESTEasy or forwarded routes alike, is a 403
        JsonNode info = Json.MAPPER.readTree(curl(null, "GET", "/1.0", null).body());
        assertThat(info.at("/metadata/auth").asText()).isEqualTo("untrusted");
        assertThat(info.at("/metadata/api_extensions").isArray()).isTrue();
        for (String path : List.of("/1.0/instances", "/1.0/networks", "/1.0/profiles", "/1.0/images",
                "/1.0/operations", "/1.0/certificates", "/1.0/instances/" + INSTANCE)) {
            Reply r = curl(null, "GET", path, null);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(Json.MAPPER.readTree(r.body()).path("error_code").asInt()).isEqualTo(403);
        }
        assertThat(curl(null, "DELETE", "/1.0/instances/" + INSTANCE, null).status()).isEqualTo(403);

        // An unknown certificate fares no better, and a bogus token does not help it
        Path d = dir("it-curl");
        Path crt = d.resolve("a.crt");
        Path key = d.resolve("a.key");
        selfSigned("it-curl", crt, key);
        String[] cert = {crt.toString(), key.toString()};
        assertThat(curl(cert, "GET", "/1.0/instances", null).status()).isEqualTo(403);
        String forged = Base64.getEncoder().encodeToString("{\"secret\":\"00\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(curl(cert, "POST", "/1.0/certificates", "{\"trust_token\":\"" + forged + "\"}").status())
                .isEqualTo(403);
        assertThat(curl(cert, "POST", "/1.0/certificates", "{\"trust_token\":\"garbage\"}").status()).isEqualTo(403);

        // With a token it is trusted, and GET /1.0 says who it is
        String token = token("it-curl");
        Reply added = curl(cert, "POST", "/1.0/certificates", "{\"type\":\"client\",\"trust_token\":\"" + token
                + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String fingerprint = opensslFingerprint(crt);
        assertThat(added.headers()).containsIgnoringCase("Location: /1.0/certificates/" + fingerprint);
        JsonNode trusted = Json.MAPPER.readTree(curl(cert, "GET", "/1.0", null).body()).path("metadata");
        assertThat(trusted.path("auth").asText()).isEqualTo("trusted");
        assertThat(trusted.path("auth_user_method").asText()).isEqualTo("tls");
        assertThat(trusted.path("auth_user_name").asText()).isEqualTo(fingerprint);
        assertThat(trusted.at("/environment/certificate_fingerprint").asText()).hasSize(64);
        assertThat(curl(cert, "GET", "/1.0/instances", null).status()).isEqualTo(200);
        assertThat(curl(cert, "GET", "/1.0/networks", null).status()).isEqualTo(200);

        // The used token lets nobody else in
        Path crt2 = d.resolve("b.crt");
        Path key2 = d.resolve("b.key");
        selfSigned("it-curl2", crt2, key2);
        String[] other = {crt2.toString(), key2.toString()};
        assertThat(curl(other, "POST", "/1.0/certificates", "{\"trust_token\":\"" + token + "\"}").status())
                .isEqualTo(403);

        // Deleted, the certificate is refused at its very next request
        api.sync("DELETE", "/1.0/certificates/" + fingerprint, null);
        assertThat(curl(cert, "GET", "/1.0/instances", null).status()).isEqualTo(403);
    }

    /** A token made over the socket, in the form {@code incus config trust add} prints. */
    private String token(String name) throws IOException {
        Operation op = api.async("POST", "/1.0/certificates", Map.of("name", name, "type", "client", "token", true));
        assertThat(op.operationClass()).isEqualTo("token");
        Map<String, Object> meta = op.metadata();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("client_name", name);
        t.put("fingerprint", meta.get("fingerprint"));
        t.put("addresses", meta.get("addresses"));
        t.put("secret", meta.get("secret"));
        t.put("expires_at", meta.get("expiresAt"));
        return Base64.getEncoder().encodeToString(Json.write(t).getBytes(StandardCharsets.UTF_8));
    }

    private String fingerprintOf(String name) {
        for (JsonNode c : api.sync("GET", "/1.0/certificates?recursion=1", null)) {
            if (c.path("name").asText().equals(name)) {
                return c.path("fingerprint").asText();
            }
        }
        throw new AssertionError("no certificate named " + name + " in the trust store");
    }

    private static void selfSigned(String cn, Path crt, Path key) {
        Result r = run(Map.of(), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:secp384r1", "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days",
                "2", "-subj", "/CN=" + cn);
        assertThat(r.code()).as(r.output()).isZero();
    }

    private static String opensslFingerprint(Path crt) {
        Result r = run(Map.of(), "openssl", "x509", "-in", crt.toString(), "-noout", "-fingerprint", "-sha256");
        assertThat(r.code()).as(r.output()).isZero();
        return r.output().trim().replaceAll(".*=", "").replace(":", "").toLowerCase();
    }

    private record Reply(int status, String headers, String body) {
    }

    /** curl over HTTPS (the server certificate is not checked here; the stock clients pin it). */
    private Reply curl(String[] cert, String method, String path, String body) throws IOException {
        Path d = dir("it-curl-out");
        List<String> command = new ArrayList<>(List.of("curl", "-sk", "--tlsv1.3", "-X", method, "-D",
                d.resolve("h").toString(), "-o", d.resolve("b").toString(), "-w", "%{http_code}"));
        if (cert != null) {
            command.addAll(List.of("--cert", cert[0], "--key", cert[1]));
        }
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        command.add(HTTPS + path);
        Result r = run(Map.of(), command.toArray(String[]::new));
        assertThat(r.code()).as(r.output()).isZero();
        return new Reply(Integer.parseInt(r.output().trim()), Files.readString(d.resolve("h")),
                Files.readString(d.resolve("b")));
    }

    private String incus(Path conf, String... args) {
        Result r = incusAny(conf, args);
        assertThat(r.code()).as("incus " + String.join(" ", args) + ": " + r.output()).isZero();
        return r.output();
    }

    /** The stock incus with its own config dir; its local remote is the test stack's socket. */
    private Result incusAny(Path conf, String... args) {
        List<String> command = new ArrayList<>(List.of("incus"));
        command.addAll(List.of(args));
        return run(Map.of("INCUS_CONF", conf.toString(), "INCUS_SOCKET", Stack.SOCKET.toString(), "HOME",
                conf.toString()), command.toArray(String[]::new));
    }

    private String lxc(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        Result r = run(Map.of("HOME", home.toString(), "LXD_DIR", Stack.STATE.toString()),
                command.toArray(String[]::new));
        assertThat(r.code()).as("lxc " + String.join(" ", args) + ": " + r.output()).isZero();
        return r.output();
    }

    private record Result(int code, String output) {
    }

    private static Result run(Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 90 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path dir(String prefix) throws IOException {
        Path d = Files.createTempDirectory(prefix);
        dirs.add(d);
        return d;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
