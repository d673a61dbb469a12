package dev.berth.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.cli.http.FakeUnixServer;
import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.UnixHttpClient;
import dev.berth.contracts.Json;
import picocli.CommandLine;

/**
 * A fake LXD for command tests: canned answers by {@code "METHOD /path"}, operations that finish when waited on, and
 * a record of every request, so that a test can assert exactly what went over the wire.
 */
final class FakeLxd implements AutoCloseable {
    private final FakeUnixServer server;
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    FakeLxd(Path dir) {
        try {
            this.server = new FakeUnixServer(dir, r -> {
                String raw = routes.get(r.method() + " " + r.path());
                return raw != null ? raw : error(404, "fake LXD has no route for " + r.method() + " " + r.path());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sync answer with {@code metadataJson} and extra headers such as {@code ETag: "abc"}. */
    FakeLxd sync(String route, String metadataJson, String... headers) {
        routes.put(route, FakeUnixServer.response(200, "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,"
                + "\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":" + metadataJson + "}", headers));
        return this;
    }

    /** An operation that has succeeded by the time the CLI waits on it. */
    FakeLxd async(String route) {
        return operation(route, 200, "");
    }

    /** An operation that fails with {@code message} when waited on. */
    FakeLxd failingAsync(String route, String message) {
        return operation(route, 400, message);
    }

    /** An error envelope with HTTP status {@code code}. */
    FakeLxd error(String route, int code, String message) {
        routes.put(route, error(code, message));
        return this;
    }

    private FakeLxd operation(String route, int finalCode, String message) {
        String id = "op" + operations.incrementAndGet();
        routes.put(route, FakeUnixServer.response(202, "{\"type\":\"async\",\"status\":\"Operation created\","
                + "\"status_code\":100,\"operation\":\"/1.0/operations/" + id + "\",\"error_code\":0,\"error\":\"\","
                + "\"metadata\":" + operationJson(id, 103, "") + "}", "Location: /1.0/operations/" + id));
        sync("GET /1.0/operations/" + id + "/wait?timeout=60", operationJson(id, finalCode, message));
        return this;
    }

    private static String operationJson(String id, int code, String message) {
        String status = code == 200 ? "Success" : code == 400 ? "Failure" : "Running";
        return "{\"id\":\"" + id + "\",\"class\":\"task\",\"description\":\"Updating instance\",\"status\":\""
                + status + "\",\"status_code\":" + code + ",\"resources\":{},\"metadata\":null,\"may_cancel\":false,"
                + "\"err\":" + Json.write(message) + ",\"location\":\"none\"}";
    }

    private static String error(int code, String message) {
        return FakeUnixServer.response(code, "{\"type\":\"error\",\"error\":" + Json.write(message)
                + ",\"error_code\":" + code + ",\"metadata\":null}");
    }

    /** Runs {@code berth ARGS...} against this server; returns the exit code. */
    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
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

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** What was sent, as {@code "METHOD /path"} lines in order. */
    List<String> wire() {
        return server.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /** The first request sent as {@code route}. */
    FakeUnixServer.Request request(String route) {
        return server.requests().stream().filter(r -> route.equals(r.method() + " " + r.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + route + " in " + wire()));
    }

    /** The JSON body of the first request sent as {@code route}. */
    JsonNode body(String route) {
        try {
            return Json.MAPPER.readTree(request(route).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
