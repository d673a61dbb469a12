package dev.berth.cli.http;

import static dev.berth.cli.http.FakeUnixServer.chunked;
import static dev.berth.cli.http.FakeUnixServer.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixHttpClientTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBodyAndHeadersWhenContentLength() throws Exception {
        // Given
        String body = "{\"type\":\"sync\",\"metadata\":{\"api_version\":\"1.0\"}}";
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, body, "X-Test: a", "X-Test: b"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply reply = client.request("GET", "/1.0", null);
            // Then
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.reason()).isEqualTo("OK");
            assertThat(reply.bodyText()).isEqualTo(body);
            assertThat(reply.header("content-type")).contains("application/json");
            assertThat(reply.headers().get("x-test")).containsExactly("a", "b");
            assertThat(server.requests()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).isEqualTo("/1.0");
                assertThat(r.headers()).containsKey("host").doesNotContainKey("content-length");
            });
        }
    }

    @Test
    void shouldDecodeBodyWhenChunked() throws Exception {
        // Given
        String body = FakeUnixServer.sample("get_operation_wait");
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> chunked(200, body, 100));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply first = client.request("GET", "/1.0/operations/x/wait?timeout=60", null);
            Reply second = client.request("GET", "/1.0/operations/x/wait?timeout=60", null);
            // Then
            assertThat(first.bodyText()).isEqualTo(body);
            assertThat(second.bodyText()).isEqualTo(body);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountBytesNotCharactersWhenChunksHoldUtf8() throws Exception {
        // Given: the first chunk is 3 bytes, a quote and the two bytes of 'é'
        String raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\"\u00e9\r\n1\r\n\"\r\n0\r\n\r\n";
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> raw);
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply reply = client.request("GET", "/", null);
            // Then
            assertThat(reply.bodyText()).isEqualTo("\"\u00e9\"");
        }
    }

    @Test
    void shouldReuseConnectionWhenKeepAlive() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, "{}"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            for (int i = 0; i < 5; i++) {
                client.request("GET", "/1.0", null);
            }
            // Then
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.requests()).hasSize(5);
        }
    }

    @Test
    void shouldOpenNewConnectionWhenServerSaysConnectionClose() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, "{}", "Connection: close"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply a = client.request("GET", "/1.0", null);
            Reply b = client.request("GET", "/1.0", null);
            // Then
            assertThat(a.bodyText()).isEqualTo("{}");
            assertThat(b.bodyText()).isEqualTo("{}");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void shouldReadUntilCloseWhenNoLengthIsGiven() throws Exception {
        String raw = "HTTP/1.0 500 Internal Server Error\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nboom";
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> raw);
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply reply = client.request("GET", "/1.0", null);
            // Then
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.bodyText()).isEqualTo("boom");
        }
    }

    @Test
    void shouldReturnErrorEnvelopeWhenServerAnswers404() throws Exception {
        String body = FakeUnixServer.sample("get_instance_notfound_error");
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(404, body));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply reply = client.request("GET", "/1.0/instances/nope", null);
            // Then
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.isSuccess()).isFalse();
            assertThat(reply.bodyText()).contains("\"error_code\":404");
        }
    }

    @Test
    void shouldSendJsonBodyWithLengthAndContentTypeWhenBodyGiven() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(202, "{}"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            client.request("POST", "/1.0/instances", "{\"name\":\"caf\u00e9\"}");
            // Then
            FakeUnixServer.Request r = server.requests().get(0);
            assertThat(r.body()).isEqualTo("{\"name\":\"caf\u00e9\"}");
            assertThat(r.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("content-length", "16");
        }
    }

    @Test
    void shouldRetryOnFreshConnectionWhenPooledConnectionWasDropped() throws Exception {
        // Given: the server hangs up after every second request without saying so
        AtomicInteger n = new AtomicInteger();
        try (FakeUnixServer server = new FakeUnixServer(dir,
                r -> n.incrementAndGet() % 2 == 0 ? null : response(200, "{\"n\":" + n.get() + "}"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When
            Reply a = client.request("GET", "/a", null);
            Reply b = client.request("GET", "/b", null);
            // Then
            assertThat(a.bodyText()).isEqualTo("{\"n\":1}");
            assertThat(b.bodyText()).isEqualTo("{\"n\":3}");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void shouldTimeOutWhenServerNeverAnswers() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> {
            sleep(2000);
            return response(200, "{}");
        }); UnixHttpClient client = new UnixHttpClient(server.socket())) {
            // When / Then
            assertThatThrownBy(() -> client.request("GET", "/slow", null, Duration.ofMillis(200)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void shouldThrowConnectExceptionWhenSocketIsMissing() {
        try (UnixHttpClient client = new UnixHttpClient(dir.resolve("absent.socket"))) {
            assertThatThrownBy(() -> client.request("GET", "/1.0", null))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("absent.socket");
        }
    }

    @Test
    void shouldServeEveryThreadWhenSharedConcurrently() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, "{\"path\":\"" + r.path() + "\"}"));
                UnixHttpClient client = new UnixHttpClient(server.socket())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            // When
            for (int i = 0; i < 200; i++) {
                String path = "/p" + i;
                results.add(pool.submit(() -> client.request("GET", path, null).bodyText()
                        .equals("{\"path\":\"" + path + "\"}")));
            }
            // Then
            for (Future<Boolean> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            }
            pool.shutdown();
            assertThat(server.connections()).isLessThanOrEqualTo(16);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
