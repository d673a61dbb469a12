package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.Operation;

/**
 * The instance console as LXD and Incus serve it: the stock {@code incus console} and {@code lxc console}, each under
 * a terminal ({@code script}), reach the busybox init's console shell and detach with ctrl+a q; {@code --show-log}
 * prints what the console showed; raw websockets check the secrets, the fds and {@code window-resize}.
 */
@ExtendWith(Stack.class)
class ConsoleIT {
    private static final String NAME = "it-console";
    private static final URI GATEWAY = URI.create("ws://127.0.0.1:18080");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LxdClient api = Stack.client();
    private static final Map<Client, Path> CONFIG = new java.util.EnumMap<>(Client.class);

    @BeforeAll
    static void launch() {
        Instances.launch(api, NAME, Map.of());
    }

    @AfterAll
    static void cleanUp() {
        Instances.forceDelete(api, NAME);
        Instances.forceDelete(api, "it-console-stopped");
        api.close();
    }

    /** A stock client and the transport it reaches Berth over, each with a config dir of its own. */
    enum Client {
        INCUS_SOCKET,
        INCUS_HTTPS,
        LXC_SOCKET,
        LXC_HTTPS;

        boolean incus() {
            return this == INCUS_SOCKET || this == INCUS_HTTPS;
        }

        String remote() {
            return this == INCUS_HTTPS || this == LXC_HTTPS ? "berth:" : "local:";
        }

        Map<String, String> environment() {
            Path conf = CONFIG.get(this);
            return incus() ? StockClient.incusEnvironment(conf) : StockClient.lxcEnvironment(conf);
        }

        StockClient.Result run(String... args) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>(List.of(incus() ? "incus" : "lxc"));
            command.addAll(List.of(args));
            return StockClient.run(environment(), 60, command.toArray(String[]::new));
        }

        String ok(String... args) throws IOException, InterruptedException {
            StockClient.Result r = run(args);
            assertThat(r.exit()).as(this + " " + String.join(" ", args) + ": " + r).isZero();
            return r.out();
        }
    }

    @BeforeAll
    static void addTheHttpsRemotes() throws Exception {
        Path work = Files.createTempDirectory("it-console-clients");
        for (Client c : Client.values()) {
            CONFIG.put(c, Files.createDirectories(work.resolve(c.name().toLowerCase())));
        }
        // as a user does: a trust token over the socket, then a remote added with it
        String incusToken = lastLine(Client.INCUS_SOCKET.ok("config", "trust", "add", "it-console-incus"));
        Client.INCUS_HTTPS.ok("remote", "add", "berth", "https://127.0.0.1:18443", "--accept-certificate",
                "--token=" + incusToken);
        String lxcToken = lastLine(Client.LXC_SOCKET.ok("config", "trust", "add", "--name", "it-console-lxc"));
        Client.LXC_HTTPS.ok("remote", "add", "berth", lxcToken, "--accept-certificate");
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldTypeIntoTheConsoleShellDetachAndShowTheLogWithTheStockClient(Client client) throws Exception {
        String word = "con" + client.ordinal() + "-";
        // Given the stock client on the console, under a terminal
        try (ConsoleTerminal console = ConsoleTerminal.start(client.environment(),
                (client.incus() ? "incus" : "lxc") + " console " + client.remote() + NAME)) {
            console.await("+a q");
            // When a line is typed at the console's shell (Enter first wakes busybox's "press Enter" prompt)
            console.type("\n");
            console.type("echo " + word + "$((6*7))\n");
            // Then the shell's answer comes back through the console
            console.await(word + "42");
            // And ctrl+a q detaches, the client ending well
            console.detach();
            assertThat(console.exit()).as(console.output()).isZero();
        }
        // And no console operation is left running
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(runningConsoles()).isZero());
        // And the console log has the exchange, as console --show-log prints it
        assertThat(client.ok("console", client.remote() + NAME, "--show-log")).contains(word + "42");
    }

    @Test
    void shouldResizeTheConsoleWhenTheControlSocketSaysSo() throws Exception {
        // Given a console attached through the /1.0/containers alias at 100x30
        Operation op = api.async("POST", "/1.0/containers/" + NAME + "/console", Map.of("width", 100, "height", 30,
                "type", "console"));
        assertThat(op.operationClass()).isEqualTo("websocket");
        @SuppressWarnings("unchecked")
        Map<String, String> fds = (Map<String, String>) op.metadata().get("fds");
        assertThat(fds).containsOnlyKeys("0", "control");
        assertThat(handshakeStatus(op.id(), "not-the-secret")).isEqualTo(403);
        Received control = connect(op.id(), fds.get("control"));
        Received console = connect(op.id(), fds.get("0"));
        assertThat(handshakeStatus(op.id(), fds.get("0"))).isEqualTo(409);

        // When the shell is asked its size, Then it has the client's
        console.send("\n");
        console.send("stty size\n");
        console.await("30 100");

        // When the client's window changes, Then so does the console's
        control.socket.sendText("{\"command\":\"window-resize\",\"args\":{\"width\":\"120\",\"height\":\"40\"}}",
                true).join();
        console.send("stty size\n");
        console.await("40 120");

        // And closing the sockets ends the operation well
        control.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        console.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        assertThat(api.waitOperation(op.id(), 30).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldHandOutTheFdsRefuseABadSecretAndEndWhenTheClientLeaves() {
        // Given a console operation, through the /1.0/containers alias
        Operation op = api.async("POST", "/1.0/containers/" + NAME + "/console", Map.of("width", 80, "height", 25,
                "type", "console"));
        assertThat(op.operationClass()).isEqualTo("websocket");
        @SuppressWarnings("unchecked")
        Map<String, String> fds = (Map<String, String>) op.metadata().get("fds");
        assertThat(fds).containsOnlyKeys("0", "control");

        // Then a wrong secret is refused, and an fd can be attached once
        assertThat(handshakeStatus(op.id(), "not-the-secret")).isEqualTo(403);
        Received control = connect(op.id(), fds.get("control"));
        Received console = connect(op.id(), fds.get("0"));
        assertThat(handshakeStatus(op.id(), fds.get("0"))).isEqualTo(409);

        // When the client leaves, Then the operation ends well
        console.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        control.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        assertThat(api.waitOperation(op.id(), 30).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldEndTheOperationWhenTheClientVanishesWithoutClosing() {
        // Given a console with both fds attached
        Operation op = api.async("POST", "/1.0/instances/" + NAME + "/console", Map.of("width", 80, "height", 25,
                "type", "console"));
        @SuppressWarnings("unchecked")
        Map<String, String> fds = (Map<String, String>) op.metadata().get("fds");
        Received control = connect(op.id(), fds.get("control"));
        Received console = connect(op.id(), fds.get("0"));
        console.send("\n");

        // When the client's connections just drop, no close frame sent (a killed client)
        console.socket.abort();
        control.socket.abort();

        // Then the gateway lets go of the executor's side and the operation ends well
        assertThat(api.waitOperation(op.id(), 30).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAConsoleOnAStoppedInstanceOrOfAnotherType() {
        api.waitSuccess(api.createInstance(Instances.busybox("it-console-stopped", Map.of(), false)), 120);
        assertThat(Instances.errorCode("POST", "/1.0/instances/it-console-stopped/console",
                "{\"width\":80,\"height\":25,\"type\":\"console\"}")).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances/" + NAME + "/console", "{\"type\":\"vga\"}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances/" + NAME + "/console", "{\"width\":-1}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances/it-console-none/console", "{}")).isEqualTo(404);
    }

    private static long runningConsoles() {
        return api.sync("GET", "/1.0/operations?recursion=1", null).path("running").findValues("description")
                .stream().filter(d -> d.asText().equals("Showing console")).count();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static int handshakeStatus(String operation, String secret) {
        Throwable failure = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", Stack.authorization()).buildAsync(GATEWAY
                        .resolve("/1.0/operations/" + operation + "/websocket?secret=" + secret), new Received())
                .join());
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    private static Received connect(String operation, String secret) {
        Received received = new Received();
        received.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", Stack.authorization()).buildAsync(GATEWAY.resolve(
                        "/1.0/operations/" + operation + "/websocket?secret=" + secret), received)
                .join();
        return received;
    }

    /** Everything a console websocket received, as text. */
    private static final class Received implements WebSocket.Listener {
        WebSocket socket;
        private final StringBuffer text = new StringBuffer();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            text.append(StandardCharsets.UTF_8.decode(data));
            ws.request(1);
            return null;
        }

        void send(String keys) {
            socket.sendBinary(ByteBuffer.wrap(keys.getBytes(StandardCharsets.UTF_8)), true).join();
        }

        void await(String wanted) {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(text.toString()).contains(wanted));
        }
    }
}
