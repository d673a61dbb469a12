package dev.berth.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A second image-service JVM on its own port, database schema and state dir: "another Berth" acting as an image
 * server, over plain HTTP on {@code port} and over HTTPS on {@code port + 1} with a self-signed certificate made for
 * it. {@link #close()} stops it and removes its schema and state.
 */
final class RemoteImageServer implements AutoCloseable {
    private final int port;
    private final String schema;
    private final Path state;
    private final Process process;

    RemoteImageServer(int port, String schema, Path state) throws IOException {
        this.port = port;
        this.schema = schema;
        this.state = state;
        Files.createDirectories(state.resolve("log"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=berth-it-remote", "-addext",
                "subjectAltName=IP:127.0.0.1", "-keyout", state.resolve("key.pem").toString(), "-out",
                certificate().toString()).redirectErrorStream(true).redirectOutput(state.resolve("log/openssl.log")
                        .toFile())
                .start();
        try {
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IOException("openssl could not make the remote's certificate: see " + state.resolve("log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar",
                Stack.ROOT.resolve("image-service/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("log/image-service.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(port + 1));
        env.put("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", certificate().toString());
        env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", state.resolve("key.pem").toString());
        env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        env.put("QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema);
        env.put("QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_CURRENTSCHEMA", schema);
        env.put("BERTH_STATE_DIR", state.toString());
        env.put("BERTH_IMAGE_SERVICE_URL", url());
        // Its image events must not reach the stack under test.
        env.put("BERTH_IMAGE_LIFECYCLE_TOPIC", "it.remote.berth.lifecycle.v1");
        env.put("MP_MESSAGING_OUTGOING_OUTBOX_TOPIC", "it.remote.berth.lifecycle.v1");
        process = pb.start();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String httpsUrl() {
        return "https://127.0.0.1:" + (port + 1);
    }

    /** The header value its own endpoints (all but readiness and the public simplestreams view) need. */
    String authorization() throws IOException {
        return "Bearer " + Files.readString(state.resolve("internal.token")).strip();
    }

    /** The PEM of the self-signed certificate it serves HTTPS with. */
    Path certificate() {
        return state.resolve("cert.pem");
    }

    /** Waits for {@code /internal/ready}. */
    RemoteImageServer awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("remote image-service exited: see " + state.resolve("log"));
                    }
                    return http.send(HttpRequest.newBuilder(URI.create(url() + "/internal/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                });
        return this;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ProcessBuilder psql = new ProcessBuilder("psql", "-q", "-h", "127.0.0.1", "-p", "15432", "-U", "berth",
                "berth", "-c", "DROP SCHEMA IF EXISTS " + schema + " CASCADE").inheritIO();
        psql.environment().put("PGPASSWORD", "berth");
        psql.start().waitFor(30, TimeUnit.SECONDS);
        if (Files.exists(state)) {
            try (Stream<Path> walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
