package dev.berth.container.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.InstanceCommand.ImageSource;
import dev.berth.container.service.ImageResolver.ImageNotResolved;

/** {@link ImagePuller} against a stand-in image-service answering {@code POST /internal/images/pull}. */
class ImagePullerTest {
    private static final String FP = "ab".repeat(32);

    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status;
    private volatile String answer;
    private ImagePuller puller;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/images/pull", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        puller = new ImagePuller();
        puller.imageServiceUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        puller.internalToken = dev.berth.support.auth.InternalToken.of("test-token");
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void shouldNameThePulledImageByFingerprintWhenImageServicePulledIt() throws Exception {
        // Given
        status = 200;
        answer = "{\"fingerprint\":\"" + FP + "\",\"url\":\"http://x/blob\",\"size\":1,\"properties\":{}}";

        // When
        ImageSource local = puller.pull(new ImageSource("debian/12", null, "http://127.0.0.1:18092",
                "simplestreams"));

        // Then
        assertThat(local).isEqualTo(new ImageSource(null, FP));
        JsonNode sent = Json.MAPPER.readTree(received.get());
        assertThat(sent.path("server").asText()).isEqualTo("http://127.0.0.1:18092");
        assertThat(sent.path("protocol").asText()).isEqualTo("simplestreams");
        assertThat(sent.path("alias").asText()).isEqualTo("debian/12");
        assertThat(authorization.get()).as("image-service refuses calls without the internal token")
                .isEqualTo("Bearer test-token");
    }

    @Test
    void shouldFailWithImageServicesCodeAndMessageWhenTheRemoteHasNoSuchAlias() {
        // Given
        status = 404;
        answer = "{\"type\":\"error\",\"error\":\"Image alias \\\"nope\\\" not found on image server http://r\","
                + "\"error_code\":404}";

        // When / Then
        assertThatThrownBy(() -> puller.pull(new ImageSource("nope", null, "http://r", "simplestreams")))
                .isInstanceOf(ImageNotResolved.class)
                .hasMessage("Image alias \"nope\" not found on image server http://r")
                .satisfies(e -> assertThat(((ImageNotResolved) e).code).isEqualTo(404));
    }

    @Test
    void shouldFailWith503WhenTheRemoteIsUnreachable() {
        // Given
        status = 503;
        answer = "{\"type\":\"error\",\"error\":\"Image server http://r is unreachable: connection refused\","
                + "\"error_code\":503}";

        // When / Then
        assertThatThrownBy(() -> puller.pull(new ImageSource("x", null, "http://r", "simplestreams")))
                .isInstanceOf(ImageNotResolved.class).hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((ImageNotResolved) e).code).isEqualTo(503));
    }
}
