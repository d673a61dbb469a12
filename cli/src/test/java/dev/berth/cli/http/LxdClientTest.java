package dev.berth.cli.http;

import static dev.berth.cli.http.FakeUnixServer.chunked;
import static dev.berth.cli.http.FakeUnixServer.response;
import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;

class LxdClientTest {
    private static final String OP_ID = "df525655-3bb8-469c-ba96-23d4beb89519";

    @TempDir
    Path dir;

    @Test
    void shouldReturnRunningOperationWhenCreateAnswersAsync() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(202, sample("post_instances"),
                "Location: /1.0/operations/" + OP_ID));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            Operation op = client.createInstance(new InstancesPost("ibenchapi1", "container", true, Map.of(), null,
                    null, null, null, null, null, new InstancesPost.InstanceSource("image", "bb", null, null, null,
                            null)));
            // Then
            assertThat(op.id()).isEqualTo(OP_ID);
            assertThat(op.statusCode()).isEqualTo(103);
            assertThat(op.operationClass()).isEqualTo("task");
            assertThat(op.resources()).containsEntry("instances", List.of("/1.0/instances/ibenchapi1"));
            assertThat(server.requests().get(0).body()).isEqualTo("{\"name\":\"ibenchapi1\",\"type\":\"container\","
                    + "\"start\":true,\"config\":{},\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}");
        }
    }

    @Test
    void shouldReturnFinishedOperationWhenWaitSucceeds() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> chunked(200, sample("get_operation_wait"), 64));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            Operation op = client.waitOperation(OP_ID, 60);
            // Then
            assertThat(op.statusCode()).isEqualTo(200);
            assertThat(op.isFinal()).isTrue();
            assertThat(op.metadata()).containsKey("progress");
            assertThat(server.requests().get(0).path()).isEqualTo("/1.0/operations/" + OP_ID + "/wait?timeout=60");
        }
    }

    @Test
    void shouldStreamAChunkedDownloadIntoTheSinkAndReturnErrorsAsExceptions() throws Exception {
        String body = "x".repeat(1000);
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> r.path().contains("missing")
                ? response(404, sample("get_instance_notfound_error"))
                : chunked(200, body, 64));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When a download succeeds, the body lands in the sink
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            Reply reply = client.download("/1.0/images/abc/export", sink);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(sink.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(reply.body()).isEmpty();

            // When it fails, the error envelope becomes an exception and the sink stays empty
            java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.download("/1.0/images/missing/export",
                    none)).isInstanceOf(LxdException.class).hasMessageContaining("not found");
            assertThat(none.size()).isZero();
        }
    }

    @Test
    void shouldReadARunningOperationWithoutMetadataWhenFetchedById() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, sample("get_operation_running")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            Operation op = client.getOperation("df525655-3bb8-469c-ba96-23d4beb89519");
            // Then
            assertThat(op.id()).isEqualTo("df525655-3bb8-469c-ba96-23d4beb89519");
            assertThat(op.statusCode()).isEqualTo(103);
            assertThat(op.metadata()).isNull();
        }
    }

    @Test
    void shouldThrowErrorTextWhenWaitAnswersIncusErrorEnvelopeWithStatus200() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir,
                r -> chunked(200, sample("post_instances_duplicate_name_wait"), 50));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            LxdException e = catchThrowableOfType(() -> client.waitOperation(OP_ID, 60), LxdException.class);
            // Then
            assertThat(e.errorCode()).isEqualTo(500);
            assertThat(e.getMessage()).startsWith("Failed creating instance record").contains("UNIQUE constraint");
            assertThat(e.operation()).isEmpty();
        }
    }

    @Test
    void shouldThrowOperationErrWhenWaitAnswersSyncEnvelopeWithFailedOperation() throws Exception {
        String failed = sample("get_operation_wait")
                .replace("\"status\":\"Success\",\"status_code\":200,\"resources\"",
                        "\"status\":\"Failure\",\"status_code\":400,\"resources\"")
                .replace("\"err\":\"\"", "\"err\":\"image busybox not found\"");
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, failed));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            LxdException e = catchThrowableOfType(() -> client.waitSuccess(runningOp(), 60), LxdException.class);
            // Then
            assertThat(e.errorCode()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("image busybox not found");
            assertThat(e.operation()).hasValueSatisfying(op -> assertThat(op.id()).isEqualTo(OP_ID));
        }
    }

    @Test
    void shouldThrowNotFoundWhenInstanceIsMissing() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(404, sample("get_instance_notfound_error")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            LxdException e = catchThrowableOfType(() -> client.getInstance("ibenchdoesnotexist"), LxdException.class);
            // Then
            assertThat(e.isNotFound()).isTrue();
            assertThat(e.getMessage()).endsWith("Instance not found");
            assertThat(server.requests().get(0).path()).isEqualTo("/1.0/instances/ibenchdoesnotexist?recursion=1");
        }
    }

    @Test
    void shouldReportHttpStatusWhenErrorBodyIsNotJson() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir,
                r -> "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 7\r\n\r\nupstream"
                        .substring(0, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 7\r\n\r\nupstrea".length()));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            LxdException e = catchThrowableOfType(() -> client.serverInfo(), LxdException.class);
            assertThat(e.errorCode()).isEqualTo(502);
            assertThat(e.getMessage()).isEqualTo("HTTP 502 Bad Gateway: upstrea");
        }
    }

    @Test
    void shouldSendStatePutAndReturnOperationWhenChangingState() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(202, sample("put_state_stop")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            Operation op = client.changeState("ibenchapi1", "stop", true, -1);
            // Then
            assertThat(op.description()).isEqualTo("Stopping instance");
            FakeUnixServer.Request r = server.requests().get(0);
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo("/1.0/instances/ibenchapi1/state");
            assertThat(r.body()).isEqualTo("{\"action\":\"stop\",\"timeout\":-1,\"force\":true,\"stateful\":false}");
        }
    }

    @Test
    void shouldThrowWhenDeletingRunningInstance() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir,
                r -> response(400, sample("delete_instance_running_error")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            LxdException e = catchThrowableOfType(() -> client.deleteInstance("ibenchapi1"), LxdException.class);
            assertThat(e.errorCode()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Instance is running");
        }
    }

    @Test
    void shouldParseInstancesWithStateWhenListingWithRecursion2() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, sample("get_instances_recursion2")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            // When
            List<Instance> instances = client.listInstances(2);
            // Then
            assertThat(instances).isNotEmpty();
            Instance first = instances.get(0);
            assertThat(first.name()).isNotBlank();
            assertThat(first.status()).isEqualTo("Running");
            assertThat(first.state()).isNotNull();
            assertThat(first.state().pid()).isPositive();
            assertThat(server.requests().get(0).path()).isEqualTo("/1.0/instances?recursion=2");
        }
    }

    @Test
    void shouldParseStateWhenGettingState() throws Exception {
        try (FakeUnixServer server = new FakeUnixServer(dir, r -> response(200, sample("get_instance_state")));
                LxdClient client = new LxdClient(new UnixHttpClient(server.socket()))) {
            InstanceState state = client.getState("ibenchapi1");
            assertThat(state.statusCode()).isEqualTo(103);
            assertThat(state.memory().usage()).isEqualTo(671744);
        }
    }

    @Test
    void shouldEncodePathSegmentWhenNameHasReservedCharacters() {
        assertThat(LxdClient.segment("a b/c")).isEqualTo("a%20b%2Fc");
        assertThat(LxdClient.segment("bench-1a2b3c-7")).isEqualTo("bench-1a2b3c-7");
    }

    private static Operation runningOp() {
        return new Operation(OP_ID, "task", "Creating instance", null, null, "Running", 103, null, null, false, "",
                null);
    }
}
