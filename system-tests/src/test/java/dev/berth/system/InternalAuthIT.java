package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/**
 * Only root reaches the services' internal endpoints and the gateway's loopback HTTP as root: each needs the internal
 * token (root's, mode 0600, in the state dir), and without it, or with a wrong one, answers LXD's 403, as LXD
 * refuses an untrusted client. Readiness stays open, for infra/stack-up.sh.
 */
@ExtendWith(Stack.class)
class InternalAuthIT {
    private static final String WRONG = "Bearer 0000000000000000000000000000000000000000000000000000000000000000";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldKeepTheTokenFileRootsAlone() throws Exception {
        Path token = Stack.STATE.resolve("internal.token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(Files.getOwner(token, LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("root");
        assertThat(Files.readString(token).strip()).hasSize(64);
        // an unprivileged user can neither read it nor, therefore, present it
        assertThat(Host.runAny("runuser", "-u", "nobody", "--", "cat", token.toString()).code()).isNotZero();
    }

    @Test
    void shouldRefuseContainerServiceWithoutTheToken() throws Exception {
        assertGuarded("GET", 18081, "/internal/instances/it-auth-none", null, 404);
        assertGuarded("GET", 18081, "/1.0/profiles", null, 200);
        assertGuarded("POST", 18081, "/1.0/profiles", "{\"name\":\"it-auth-none\",\"config\":{}}", -1);
        assertThat(Stack.http().request("GET", "/1.0/profiles/it-auth-none", null).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseImageServiceWithoutTheTokenButServeThePublicStreams() throws Exception {
        assertGuarded("GET", 18082, "/internal/images/resolve?alias=busybox", null, 200);
        assertGuarded("GET", 18082, "/1.0/images", null, 200);
        assertThat(send("GET", 18082, "/streams/v1/index.json", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseNetworkServiceWithoutTheToken() throws Exception {
        assertGuarded("GET", 18083, "/1.0/networks", null, 200);
        assertGuarded("DELETE", 18083, "/internal/allocations?project=default&instance=it-auth-none", null, -1);
    }

    @Test
    void shouldRefuseTheExecutorWithoutTheToken() throws Exception {
        assertGuarded("GET", 18084, "/internal/containers/default_it-auth-none/console-log", null, -1);
        assertGuarded("POST", 18084, "/internal/exec", "{}", -1);
        assertGuarded("POST", 18084, "/internal/containers/stats", "[]", -1);
        // the exec byte streams are websockets: refused at the handshake
        assertThat(handshake(18084, "/internal/exec/nope/0", null)).isEqualTo(403);
        assertThat(handshake(18084, "/internal/exec/nope/0", WRONG)).isEqualTo(403);
        assertThat(handshake(18084, "/internal/exec/nope/0", Stack.authorization())).isNotEqualTo(403);
    }

    @Test
    void shouldTreatLoopbackHttpAsUntrustedWithoutTheToken() throws Exception {
        JsonNode server = Json.MAPPER.readTree(send("GET", 18080, "/1.0", null, null).body()).path("metadata");
        assertThat(server.path("auth").asText()).isEqualTo("untrusted");
        assertGuarded("GET", 18080, "/1.0/instances", null, 200);
        assertGuarded("POST", 18080, "/1.0/instances",
                "{\"name\":\"it-auth-none\",\"source\":{\"type\":\"image\",\"alias\":\"busybox\"}}", -1);
        assertThat(Stack.http().request("GET", "/1.0/instances/it-auth-none", null).status()).isEqualTo(404);
        assertThat(handshake(18080, "/1.0/events", null)).isEqualTo(403);

        JsonNode root = Json.MAPPER.readTree(send("GET", 18080, "/1.0", null, Stack.authorization()).body())
                .path("metadata");
        assertThat(root.path("auth").asText()).isEqualTo("trusted");
    }

    @Test
    void shouldLeaveReadinessOpenForTheStartScript() throws Exception {
        for (int port : new int[]{18080, 18081, 18082, 18083, 18084}) {
            assertThat(send("GET", port, "/internal/ready", null, null).statusCode()).as("port %d", port)
                    .isEqualTo(200);
        }
    }

    /**
     * No token and a wrong one: 403 in LXD's envelope; the right one: {@code withToken} (-1: anything but 403, for
     * calls whose answer depends on what the stack holds; those without the token must change nothing).
     */
    private void assertGuarded(String method, int port, String path, String body, int withToken) throws Exception {
        for (String authorization : new String[]{null, WRONG, "Basic cm9vdDo="}) {
            HttpResponse<String> refused = send(method, port, path, body, authorization);
            assertThat(refused.statusCode()).as("%s %d%s with %s", method, port, path, authorization).isEqualTo(403);
            JsonNode error = Json.MAPPER.readTree(refused.body());
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error_code").asInt()).isEqualTo(403);
        }
        if (!method.equals("GET")) {
            return; // a call that would change something is not made for real
        }
        HttpResponse<String> allowed = send(method, port, path, body, Stack.authorization());
        if (withToken < 0) {
            assertThat(allowed.statusCode()).as(allowed.body()).isNotEqualTo(403);
        } else {
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(withToken);
        }
    }

    private HttpResponse<String> send(String method, int port, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a websocket handshake that is expected to fail. */
    private static int handshake(int port, String path, String authorization) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        Throwable failure = catchThrowable(() -> builder
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
                }).join().abort());
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }
}
