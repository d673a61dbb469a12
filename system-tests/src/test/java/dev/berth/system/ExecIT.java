package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;

/**
 * The stock LXD 5.0 client drives Berth's events and exec websockets over the Unix socket: {@code lxc launch} waits
 * on {@code /1.0/events}, {@code lxc exec} attaches stdin/stdout/stderr (or a terminal) through the gateway to the
 * executor, and bad secrets, reused fds and commands that do not exist fail cleanly.
 */
@ExtendWith(Stack.class)
class ExecIT {
    private static final String NAME = "it-exec";
    /** Loopback HTTP, trusted as root with the internal token (as only root can read it). */
    private static final URI GATEWAY = URI.create("ws://127.0.0.1:18080");
    private static final LxdClient api = Stack.client();

    @BeforeAll
    static void launch() throws Exception {
        // lxc launch creates, then starts, each time waiting for the operation's event on /1.0/events
        StockClient.Result launched = StockClient.lxc(null, 120, "launch", "busybox", NAME);
        assertThat(launched.exit()).as(launched.toString()).isZero();
        assertThat(api.getInstance(NAME).status()).isEqualTo("Running");
    }

    @AfterAll
    static void cleanUp() {
        Instances.forceDelete(api, NAME);
        Instances.forceDelete(api, "it-exec-watched");
        Instances.forceDelete(api, "it-exec-logged");
        api.close();
    }

    @Test
    void shouldPassTheExitCodeStdinAndLargeOutputsThroughWhenTheStockClientExecs() throws Exception {
        StockClient.Result exit = StockClient.lxc(null, 60, "exec", NAME, "--", "sh", "-c", "echo out; exit 7");
        assertThat(exit.exit()).as(exit.toString()).isEqualTo(7);
        assertThat(exit.out()).isEqualTo("out\n");

        StockClient.Result piped = StockClient.lxc("hi from stdin\n".getBytes(StandardCharsets.UTF_8), 60, "exec",
                NAME, "--", "cat");
        assertThat(piped.exit()).as(piped.toString()).isZero();
        assertThat(piped.out()).isEqualTo("hi from stdin\n");

        // 10 MB on stdout arrive whole
        StockClient.Result big = StockClient.lxc(null, 120, "exec", NAME, "--", "head", "-c", "10485760",
                "/dev/urandom");
        assertThat(big.exit()).as(big.toString()).isZero();
        assertThat(big.stdout()).hasSize(10_485_760);

        // a stderr far larger than any pipe buffer does not hold up the command or its stdout
        StockClient.Result noisy = StockClient.lxc(null, 120, "exec", NAME, "--", "sh", "-c",
                "head -c 2097152 /dev/zero | tr '\\0' e >&2; echo done");
        assertThat(noisy.exit()).as(noisy.toString()).isZero();
        assertThat(noisy.out()).isEqualTo("done\n");
        assertThat(noisy.stderr().chars().filter(c -> c == 'e').count()).isEqualTo(2_097_152L);
    }

    @Test
    void shouldRunAsTheGivenUserInTheGivenDirectoryWithTheGivenEnvironment() throws Exception {
        StockClient.Result who = StockClient.lxc(null, 60, "exec", NAME, "--user", "1000", "--group", "1000",
                "--cwd", "/tmp", "--env", "GREETING=hello", "--", "sh", "-c", "id -u; id -g; pwd; echo $GREETING");
        assertThat(who.exit()).as(who.toString()).isZero();
        assertThat(who.out()).isEqualTo("1000\n1000\n/tmp\nhello\n");
    }

    @Test
    void shouldGiveTheCommandATerminalOfTheClientsSizeWhenInteractive() throws Exception {
        StockClient.Result tty = StockClient.lxcWithTerminal(60,
                "stty cols 101 rows 33; lxc exec " + NAME + " -- sh -c 'tty; stty size; exit 4'");
        assertThat(tty.exit()).as(tty.toString()).isEqualTo(4);
        assertThat(tty.out()).contains("/dev/pts/").contains("33 101");
    }

    @Test
    void shouldFailTheOperationWhenTheCommandDoesNotExist() throws Exception {
        StockClient.Result missing = StockClient.lxc(null, 60, "exec", NAME, "--", "/no/such/command");
        assertThat(missing.exit()).as(missing.toString()).isNotZero();
        assertThat(missing.stderr()).contains("Command not found");
    }

    @Test
    void shouldRefuseABadSecretAndASecondConnectionToAnFd() throws Exception {
        Operation op = api.async("POST", "/1.0/instances/" + NAME + "/exec", Map.of("command", List.of("cat"),
                "wait-for-websocket", true, "interactive", false));
        assertThat(op.operationClass()).isEqualTo("websocket");
        @SuppressWarnings("unchecked")
        Map<String, String> fds = (Map<String, String>) op.metadata().get("fds");
        assertThat(fds).containsOnlyKeys("0", "1", "2", "control");

        assertThat(handshakeStatus(op.id(), "not-the-secret")).isEqualTo(403);
        Frames stdout = connect(op.id(), fds.get("1"));
        assertThat(handshakeStatus(op.id(), fds.get("1"))).isEqualTo(409);

        // the command starts once 0, 1 and 2 are attached; closing stdin ends cat
        Frames stderr = connect(op.id(), fds.get("2"));
        Frames stdin = connect(op.id(), fds.get("0"));
        stdin.socket.sendBinary(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)), true).join();
        stdin.socket.sendText("", true).join();
        assertThat(stdout.untilEnd()).isEqualTo("ping\n");
        assertThat(stderr.untilEnd()).isEmpty();
        Operation done = api.waitOperation(op.id(), 30);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(((Number) done.metadata().get("return")).intValue()).isZero();
    }

    @Test
    void shouldFailAnExecWhoseWebsocketsNeverConnect() {
        Operation op = api.async("POST", "/1.0/instances/" + NAME + "/exec", Map.of("command", List.of("true"),
                "wait-for-websocket", true));
        Throwable failed = catchThrowable(() -> api.waitOperation(op.id(), 30));
        assertThat(failed).isInstanceOf(dev.berth.cli.http.LxdException.class)
                .hasMessageContaining("Timed out waiting for websockets to connect");
        assertThat(api.getOperation(op.id()).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRecordTheOutputWhenAsked() throws Exception {
        Operation op = api.async("POST", "/1.0/instances/" + NAME + "/exec", Map.of("command",
                List.of("sh", "-c", "echo recorded; echo oops >&2; exit 3"), "record-output", true,
                "wait-for-websocket", false));
        Operation done = api.waitSuccess(op, 30);
        assertThat(((Number) done.metadata().get("return")).intValue()).isEqualTo(3);
        @SuppressWarnings("unchecked")
        Map<String, String> output = (Map<String, String>) done.metadata().get("output");
        assertThat(output.get("1")).isEqualTo("/1.0/instances/" + NAME + "/logs/exec-output/exec_" + op.id()
                + ".stdout");
        assertThat(Host.run("curl", "-sf", "--unix-socket", Stack.SOCKET.toString(), "http://berth" + output.get(
                "1"))).isEqualTo("recorded\n");
        assertThat(Host.run("curl", "-sf", "--unix-socket", Stack.SOCKET.toString(), "http://berth" + output.get(
                "2"))).isEqualTo("oops\n");
        JsonNode listed = api.sync("GET", "/1.0/instances/" + NAME + "/logs/exec-output", null);
        assertThat(Json.MAPPER.convertValue(listed, List.class)).contains(output.get("1"), output.get("2"));
        assertThat(Instances.errorCode("DELETE", output.get("1"), null)).isZero();
        assertThat(Instances.errorCode("GET", output.get("1"), null)).isEqualTo(404);
    }

    @Test
    void shouldShowAndClearTheConsoleLog() throws Exception {
        // Given something the init's console got (its stdout is what conmon logs; only a privileged container's root
        // may open that pipe, which host root made)
        String name = "it-exec-console";
        Instances.launch(api, name, Map.of("security.privileged", "true"));
        try {
            StockClient.Result wrote = StockClient.lxc(null, 60, "exec", name, "--", "sh", "-c",
                    "echo hello-console > /proc/1/fd/1");
            assertThat(wrote.exit()).as(wrote.toString()).isZero();

            // When the console log is asked for (lxc console --show-log needs the "console" extension, which also
            // means attaching, not done yet), Then the text is there, and gone once cleared
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Host.run(
                    "curl", "-sf", "--unix-socket", Stack.SOCKET.toString(), "http://berth/1.0/instances/" + name
                            + "/console"))
                    .contains("hello-console"));
            assertThat(Instances.errorCode("DELETE", "/1.0/instances/" + name + "/console", null)).isZero();
            assertThat(Host.run("curl", "-sf", "--unix-socket", Stack.SOCKET.toString(),
                    "http://berth/1.0/instances/" + name + "/logs/console.log")).doesNotContain("hello-console");
            assertThat(api.sync("GET", "/1.0/instances/" + name + "/logs", null).toString())
                    .contains("/1.0/instances/" + name + "/logs/console.log");
        } finally {
            Instances.forceDelete(api, name);
        }
    }

    @Test
    void shouldRefuseBadExecRequests() {
        assertThat(Instances.errorCode("POST", "/1.0/instances/" + NAME + "/exec", "{\"command\":[]}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances/" + NAME + "/exec", "{\"command\":[\"echo\",null]}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/instances/nope/exec", "{\"command\":[\"true\"]}"))
                .isEqualTo(404);
        assertThat(Instances.errorCode("POST", "/1.0/instances/" + NAME + "/exec",
                "{\"command\":[\"true\"],\"wait-for-websocket\":true,\"record-output\":true}")).isEqualTo(400);
    }

    @Test
    void shouldStreamLifecycleAndOperationEventsToMonitorsAndFilterThemByType() throws Exception {
        // Given lxc monitor for lifecycle events, and a raw listener for operation events only
        Path monitored = Files.createTempFile("it-monitor", ".yaml");
        Process monitor = StockClient.start(monitored, "monitor", "--type=lifecycle");
        Frames operations = events("operation");
        try {
            Thread.sleep(1_000); // the monitor subscribes before anything happens
            // When an instance is launched
            Instances.launch(api, "it-exec-watched", Map.of());
            // Then the monitor sees its lifecycle, and the operation listener the operation's final state
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    Files.readString(monitored)).contains("action: instance-created")
                    .contains("action: instance-started").contains("source: /1.0/instances/it-exec-watched"));
            JsonNode success = operations.untilMatching(e -> e.path("metadata").path("status_code").asInt() == 200
                    && e.path("metadata").path("resources").toString().contains("it-exec-watched"));
            assertThat(success.path("type").asText()).isEqualTo("operation");
            assertThat(Files.readString(monitored)).doesNotContain("status_code");
        } finally {
            monitor.destroy();
            operations.socket.abort();
            Files.deleteIfExists(monitored);
        }
        // A plain GET and an unknown type are refused
        assertThat(Instances.errorCode("GET", "/1.0/events", null)).isEqualTo(400);
        assertThat(handshake("/1.0/events?type=bogus")).isEqualTo(400);
    }

    @Test
    void shouldStreamTheServicesOwnLogLinesToMonitorsAsLoggingEvents() throws Exception {
        // Given lxc monitor for logging events only
        Path monitored = Files.createTempFile("it-monitor-log", ".yaml");
        Process monitor = StockClient.start(monitored, "monitor", "--type=logging");
        try {
            Thread.sleep(1_000); // the monitor subscribes before anything happens
            // When an instance is launched (the executor logs each command it carried out, with its time)
            Instances.launch(api, "it-exec-logged", Map.of());
            // Then the monitor shows that line as the host-executor's, at info, and nothing but logging events
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    Files.readString(monitored)).contains("message: CreateContainer done in")
                    .contains("service: host-executor")
                    .contains("level: info").contains("type: logging"));
            assertThat(Files.readString(monitored)).doesNotContain("type: lifecycle")
                    .doesNotContain("type: operation");
        } finally {
            monitor.destroy();
            Files.deleteIfExists(monitored);
        }
    }

    private static int handshakeStatus(String operation, String secret) {
        return handshake("/1.0/operations/" + operation + "/websocket?secret=" + secret);
    }

    private static int handshake(String path) {
        Throwable failure = catchThrowable(
                () -> HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", Stack.authorization())
                        .buildAsync(GATEWAY.resolve(path), new Frames()).join());
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    private static Frames connect(String operation, String secret) {
        Frames frames = new Frames();
        frames.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", Stack.authorization())
                .buildAsync(GATEWAY.resolve(
                        "/1.0/operations/" + operation + "/websocket?secret=" + secret), frames)
                .join();
        return frames;
    }

    private static Frames events(String type) {
        Frames frames = new Frames();
        frames.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", Stack.authorization())
                .buildAsync(GATEWAY.resolve(
                        "/1.0/events?type=" + type), frames)
                .join();
        return frames;
    }

    /** What a websocket received: binary data, and text messages (events, or the empty end mark). */
    private static final class Frames implements WebSocket.Listener {
        WebSocket socket;
        private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add(bytes);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        /** The binary data up to the end mark (an empty text message). */
        String untilEnd() throws InterruptedException {
            StringBuilder out = new StringBuilder();
            while (true) {
                Object next = received.poll(30, TimeUnit.SECONDS);
                assertThat(next).as("a frame within 30 s").isNotNull();
                if (next instanceof String s) {
                    assertThat(s).isEmpty();
                    return out.toString();
                }
                out.append(new String((byte[]) next, StandardCharsets.UTF_8));
            }
        }

        JsonNode untilMatching(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                Object next = received.poll(1, TimeUnit.SECONDS);
                if (next instanceof String s && !s.isEmpty()) {
                    JsonNode event = Json.MAPPER.readTree(s);
                    assertThat(event.path("type").asText()).isEqualTo("operation");
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
            throw new AssertionError("no matching event within 30 s");
        }
    }
}
