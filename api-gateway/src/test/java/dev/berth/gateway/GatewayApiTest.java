package dev.berth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.gateway.service.Operations;
import dev.berth.gateway.trust.Pem;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway's own behaviour against real PostgreSQL and Kafka: envelopes, validation, operation completion. */
@QuarkusTest
class GatewayApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Operations operations;

    @Inject
    javax.sql.DataSource dataSource;

    @ConfigProperty(name = "mp.messaging.incoming.operation-events.topic")
    String operationTopic;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldDescribeTheServerInLxdShapeWhenAskedForApi10() throws Exception {
        JsonNode body = send("GET", "1.0", null, 200);
        assertThat(body.path("type").asText()).isEqualTo("sync");
        assertThat(body.path("metadata").path("api_version").asText()).isEqualTo("1.0");
        assertThat(body.path("metadata").path("api_extensions").isArray()).isTrue();
        assertThat(body.path("metadata").path("environment").path("server").asText()).isEqualTo("berth");
    }

    @Test
    void shouldServeTheSocketWithMode0660WhenStarted() throws Exception {
        Path socket = Path.of("target/test-unix.socket");
        org.awaitility.Awaitility.await().until(() -> Files.exists(socket)
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)).equals("rw-rw----"));
    }

    @Test
    void shouldServeTheSocketWhateverHostTheClientMadeUp() throws Exception {
        // pylxd's websocket library sends "Host: localhost:None" over the socket; Vert.x Web alone refuses that.
        for (String host : List.of("localhost:None", "x", "")) {
            String head = socketRequest("GET /1.0 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(head).as("Host: " + host).startsWith("HTTP/1.1 200");
            assertThat(head).contains("\"api_version\":\"1.0\"");
        }
    }

    @Test
    void shouldTrustTheSocketAsRootWithoutAnyToken() throws Exception {
        String head = socketRequest("GET /1.0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(head).contains("\"auth\":\"trusted\"");
        assertThat(socketRequest("GET /1.0/certificates HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void shouldTreatLoopbackHttpAsUntrustedWithoutTheInternalToken() throws Exception {
        // Given anyone on the host, who can reach 127.0.0.1 but not read the token
        for (String authorization : new String[]{null, "Bearer wrong", "test-internal-token"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("1.0/certificates"));
            HttpRequest.Builder server = HttpRequest.newBuilder(base.resolve("1.0"));
            if (authorization != null) {
                request.header("Authorization", authorization);
                server.header("Authorization", authorization);
            }

            // When it asks for anything but the server's description, Then a 403, as for a TLS client without a
            // trusted certificate
            HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("%s", authorization).isEqualTo(403);
            assertThat(Json.MAPPER.readTree(refused.body()).path("error_code").asInt()).isEqualTo(403);
            JsonNode described = Json.MAPPER.readTree(http.send(server.build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(described.path("metadata").path("auth").asText()).isEqualTo("untrusted");
        }
        // nor can it add a certificate of its own to the trust store, with or without a (made-up) trust token
        X509Certificate mine = Pem.selfSigned("local-user", List.of(), false).certificate();
        String pem = Pem.encode(mine);
        for (String body : new String[]{Json.write(Map.of("name", "local-user", "certificate", pem)),
                Json.write(Map.of("certificate", pem, "trust_token", "made-up"))}) {
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(base.resolve("1.0/certificates"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(403);
        }
        assertThat(send("GET", "1.0/certificates", null, 200).path("metadata").toString())
                .doesNotContain(Pem.fingerprint(mine));
        // readiness stays open for infra/stack-up.sh
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("internal/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isNotEqualTo(403);
        // and with the token loopback HTTP is root's
        assertThat(send("GET", "1.0", null, 200).path("metadata").path("auth").asText()).isEqualTo("trusted");
        send("GET", "1.0/certificates", null, 200);
    }

    private static String socketRequest(String request) throws Exception {
        Path socket = Path.of("target/test-unix.socket");
        org.awaitility.Awaitility.await().until(() -> Files.exists(socket));
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldAnswerLxdErrorsNamingTheFieldWhenInputIsBad() throws Exception {
        assertThat(send("POST", "1.0/instances", "{\"name\":\"9lives\",\"source\":{\"type\":\"image\","
                + "\"alias\":\"busybox\"}}", 400).path("error").asText()).contains("Invalid instance name");
        assertThat(send("POST", "1.0/instances", "{\"name\":\"ok\",\"source\":{\"type\":\"image\","
                + "\"alias\":\"busybox\"},\"config\":{\"limits.memory\":\"lots\"}}", 400).path("error").asText())
                .contains("limits.memory");
        assertThat(send("POST", "1.0/instances", "{\"name\":\"ok\",\"source\":{\"type\":\"migration\"}}", 400)
                .path("error").asText()).contains("source.type");
        assertThat(send("POST", "1.0/instances", "{\"name\":\"ok\",\"source\":{\"type\":\"image\"}}", 400)
                .path("error").asText()).contains("source.alias");
        assertThat(send("POST", "1.0/instances", "[1,2", 400).path("error").asText()).contains("Invalid JSON");
        assertThat(send("PUT", "1.0/instances/x/state", "{\"action\":\"dance\"}", 400).path("error").asText())
                .contains("dance");
        assertThat(send("GET", "1.0/operations/nope", null, 404).path("error_code").asInt()).isEqualTo(404);
        assertThat(send("GET", "1.0/no/such/thing", null, 404).path("type").asText()).isEqualTo("error");
    }

    @Test
    void shouldFinishTheOperationWithItsTraceWhenTheOutcomeArrivesOnKafka() throws Exception {
        // Given a running operation
        Operation op = operations.start("Creating instance", "default", Map.of("instances",
                List.of("/1.0/instances/c1")));

        // When container-service reports success on the operation topic
        Envelope env = Envelope.root(op.id(), "default").stamp("gateway.received").stamp("container.received");
        publish(op.id(), new Message<>(env, new OperationEvent.OperationSucceeded(op.id())).toJson());

        // Then /wait returns it as Success, with the hop trace ending at the gateway
        JsonNode done = send("GET", "1.0/operations/" + op.id() + "/wait?timeout=30", null, 200);
        assertThat(done.path("metadata").path("status").asText()).isEqualTo("Success");
        assertThat(done.path("metadata").path("status_code").asInt()).isEqualTo(200);
        assertThat(done.path("metadata").path("metadata").path("berth_trace").fieldNames()).toIterable()
                .containsExactly("gateway.received", "container.received", "gateway.completed");
    }

    @Test
    void shouldAnswerAnErrorEnvelopeFromWaitWhenTheOperationFailed() throws Exception {
        Operation op = operations.start("Creating instance", "default", Map.of());
        publish(op.id(), new Message<>(Envelope.root(op.id(), "default"),
                new OperationEvent.OperationFailed(op.id(), 404, "Image \"nope\" not found")).toJson());

        JsonNode done = send("GET", "1.0/operations/" + op.id() + "/wait?timeout=30", null, 200);
        assertThat(done.path("type").asText()).isEqualTo("error");
        assertThat(done.path("error_code").asInt()).isEqualTo(404);
        assertThat(done.path("error").asText()).isEqualTo("Image \"nope\" not found");
        assertThat(send("GET", "1.0/operations/" + op.id(), null, 200).path("metadata").path("err").asText())
                .isEqualTo("Image \"nope\" not found");
    }

    @Test
    void shouldListOnlyRunningAndJustFinishedOperationsButKeepOldOnesReadableById() throws Exception {
        // Given a running operation, one that just finished and one that finished a minute ago
        Operation running = operations.start("Creating instance", "default", Map.of());
        Operation recent = operations.start("Creating instance", "default", Map.of());
        Operation old = operations.start("Creating instance", "default", Map.of());
        for (Operation op : List.of(recent, old)) {
            publish(op.id(), new Message<>(Envelope.root(op.id(), "default"),
                    new OperationEvent.OperationSucceeded(op.id())).toJson());
            send("GET", "1.0/operations/" + op.id() + "/wait?timeout=30", null, 200);
        }
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "UPDATE operations SET updated_at = now() - interval '1 minute' WHERE id = ?")) {
            ps.setString(1, old.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        // Then the list has the running and the recent one, like Incus, and the old one is still readable by id
        JsonNode list = send("GET", "1.0/operations", null, 200).path("metadata");
        assertThat(list.path("running").toString()).contains(running.id());
        assertThat(list.path("success").toString()).contains(recent.id()).doesNotContain(old.id());
        assertThat(send("GET", "1.0/operations/" + old.id(), null, 200).path("metadata").path("status").asText())
                .isEqualTo("Success");
    }

    private void publish(String key, String value) {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:19092");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(operationTopic, key, value));
        }
    }

    private JsonNode send(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer test-internal-token").header("Content-Type",
                        "application/json");
        req.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> reply = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(expected);
        return Json.MAPPER.readTree(reply.body());
    }
}
