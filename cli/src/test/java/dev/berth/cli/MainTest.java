package dev.berth.cli;

import static dev.berth.cli.http.FakeUnixServer.chunked;
import static dev.berth.cli.http.FakeUnixServer.response;
import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.cli.http.FakeUnixServer;
import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.UnixHttpClient;
import picocli.CommandLine;

class MainTest {
    private static final String WAIT_FAILED = "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,"
            + "\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":{\"id\":\"op1\",\"class\":\"task\","
            + "\"status\":\"Failure\",\"status_code\":400,\"err\":\"Image \\\"nope\\\" not found\"}}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(FakeUnixServer server, String... args) {
        Main main = new Main(() -> new LxdClient(new UnixHttpClient(server.socket())));
        CommandLine cli = Main.commandLine(main);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        try {
            return cli.execute(args);
        } finally {
            main.client().close();
        }
    }

    private FakeUnixServer server(Function<FakeUnixServer.Request, String> handler) throws Exception {
        return new FakeUnixServer(dir, handler);
    }

    @Test
    void shouldPostThenWaitQuietlyWhenLaunchSucceeds() throws Exception {
        try (FakeUnixServer server = server(r -> r.method().equals("POST")
                ? response(202, sample("post_instances"))
                : chunked(200, sample("get_operation_wait"), 128))) {
            // When
            int code = run(server, "launch", "busybox", "c1", "-c", "limits.memory=64MiB");
            // Then
            assertThat(code).isZero();
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).isEmpty();
            assertThat(server.requests()).extracting(FakeUnixServer.Request::path).containsExactly("/1.0/instances",
                    "/1.0/operations/df525655-3bb8-469c-ba96-23d4beb89519/wait?timeout=60");
            assertThat(server.requests().get(0).body()).contains("\"config\":{\"limits.memory\":\"64MiB\"}");
        }
    }

    @Test
    void shouldPrintErrorAndExitOneWhenLaunchOperationFails() throws Exception {
        try (FakeUnixServer server = server(r -> r.method().equals("POST")
                ? response(202, sample("post_instances"))
                : response(200, WAIT_FAILED))) {
            int code = run(server, "launch", "nope", "c1");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("Error: Image \"nope\" not found" + System.lineSeparator());
        }
    }

    @Test
    void shouldRejectInvalidNameWithoutCallingServerWhenLaunching() throws Exception {
        try (FakeUnixServer server = server(r -> response(500, "{}"))) {
            int code = run(server, "launch", "busybox", "1bad");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("Error: Invalid instance name \"1bad\"");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void shouldPrintTableWhenListing() throws Exception {
        try (FakeUnixServer server = server(r -> response(200, sample("get_instances_recursion2")))) {
            int code = run(server, "list");
            assertThat(code).isZero();
            String[] lines = out.toString().split("\n");
            assertThat(lines[1])
                    .matches("\\|\\s+NAME\\s+\\|\\s+STATE\\s+\\|\\s+IPV4\\s+\\|\\s+TYPE\\s+\\|\\s+PID\\s+\\|");
            assertThat(lines[3]).contains("| RUNNING |").contains("CONTAINER").matches(".*\\| \\d+ +\\|");
            assertThat(server.requests().get(0).path()).isEqualTo("/1.0/instances?recursion=2");
        }
    }

    @Test
    void shouldPrintRawMetadataWhenListingAsJsonOrYaml() throws Exception {
        try (FakeUnixServer server = server(r -> response(200, sample("get_instances_recursion2")))) {
            assertThat(run(server, "list", "--format", "json")).isZero();
            assertThat(out.toString()).startsWith("[").contains("\"expanded_config\"");
            assertThat(run(server, "list", "--format=YAML")).isZero();
            assertThat(out.toString()).contains("- architecture: x86_64");
        }
    }

    @Test
    void shouldShowStatusPidAndMemoryWhenInfo() throws Exception {
        String instance = sample("get_instances_recursion2").replaceFirst("\"metadata\":\\[", "\"metadata\":")
                .replaceFirst("]}$", "}");
        try (FakeUnixServer server = server(r -> response(200, instance))) {
            int code = run(server, "info", "ibenchapi1");
            assertThat(code).isZero();
            assertThat(out.toString()).contains("Status: RUNNING").containsPattern("PID: \\d+")
                    .contains("Memory (current): 656.00KiB").contains("\nConfig:\n")
                    .contains("\n  image.os: busybox\n");
            assertThat(server.requests().get(0).path()).isEqualTo("/1.0/instances/ibenchapi1?recursion=1");
        }
    }

    @Test
    void shouldRefuseWhenDeletingRunningInstanceWithoutForce() throws Exception {
        String running = sample("get_instances_recursion2").replaceFirst("\"metadata\":\\[", "\"metadata\":")
                .replaceFirst("]}$", "}");
        try (FakeUnixServer server = server(r -> response(200, running))) {
            int code = run(server, "delete", "ibenchapi1");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("stop it first or pass --force");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void shouldStopThenDeleteWhenForcingDeleteOfRunningInstance() throws Exception {
        String running = sample("get_instances_recursion2").replaceFirst("\"metadata\":\\[", "\"metadata\":")
                .replaceFirst("]}$", "}");
        try (FakeUnixServer server = server(r -> switch (r.method()) {
            case "GET" -> r.path().contains("/wait")
                    ? response(200, sample("get_operation_wait"))
                    : response(200, running);
            default -> response(202, sample("put_state_stop"));
        })) {
            int code = run(server, "delete", "-f", "ibenchapi1");
            assertThat(code).isZero();
            assertThat(server.requests()).extracting(r -> r.method() + " " + r.path().replaceAll("[0-9a-f-]{36}", "ID"))
                    .containsExactly("GET /1.0/instances/ibenchapi1?recursion=1", "PUT /1.0/instances/ibenchapi1/state",
                            "GET /1.0/operations/ID/wait?timeout=60", "DELETE /1.0/instances/ibenchapi1",
                            "GET /1.0/operations/ID/wait?timeout=60");
            assertThat(server.requests().get(1).body()).contains("\"force\":true");
        }
    }

    @Test
    void shouldSuggestBerthUpWhenSocketIsMissing() {
        Main main = new Main(() -> new LxdClient(new UnixHttpClient(dir.resolve("none.socket"))));
        CommandLine cli = Main.commandLine(main);
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("list");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: cannot connect to ").contains("berth up");
    }
}
