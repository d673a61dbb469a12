package dev.berth.cli.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;
import dev.berth.contracts.lxd.InstanceStatePut;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;

/**
 * Typed helpers for the LXD REST API 1.0 on top of {@link UnixHttpClient}. API errors throw {@link LxdException};
 * transport failures throw {@link UncheckedIOException}. Thread-safe like the underlying client.
 */
public final class LxdClient implements AutoCloseable {
    private static final ObjectMapper READ = Json.MAPPER;
    private static final ObjectMapper WRITE = Json.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** Extra read time granted beyond a {@code /wait?timeout=N} before the client gives up on the server. */
    private static final Duration WAIT_GRACE = Duration.ofSeconds(30);
    private static final int WAIT_SLICE_SECONDS = 60;

    private final UnixHttpClient http;

    public LxdClient(UnixHttpClient http) {
        this.http = http;
    }

    /** A client for {@code $BERTH_SOCKET} (default {@code /var/lib/berth/unix.socket}). */
    public static LxdClient fromEnv() {
        return new LxdClient(UnixHttpClient.fromEnv());
    }

    public UnixHttpClient http() {
        return http;
    }

    /** {@code GET /1.0}: the server environment, API extensions and auth state. */
    public JsonNode serverInfo() {
        return sync("GET", "/1.0", null);
    }

    /** {@code POST /1.0/instances}; returns the created (usually still running) operation. */
    public Operation createInstance(InstancesPost request) {
        return async("POST", "/1.0/instances", request);
    }

    /**
     * {@code GET /1.0/operations/{id}/wait?timeout=N} ({@code -1}: no limit). Returns the operation, which is not
     * final if the timeout passed first. A failed or cancelled operation throws {@link LxdException} with its error
     * text, whether the server reports it as an {@code error} envelope (Incus) or as a sync one with status 400/401.
     */
    public Operation waitOperation(String id, int timeoutSeconds) {
        Duration readTimeout = timeoutSeconds < 0
                ? Duration.ZERO
                : Duration.ofSeconds(timeoutSeconds).plus(WAIT_GRACE);
        JsonNode root = call("GET", "/1.0/operations/" + segment(id) + "/wait?timeout=" + timeoutSeconds, null,
                readTimeout);
        Operation op = toOperation(root);
        if (op.statusCode() == 400 || op.statusCode() == 401) {
            String err = op.err() == null || op.err().isBlank() ? op.status() : op.err();
            throw new LxdException(op.statusCode(), err == null || err.isBlank() ? "Operation failed" : err, op);
        }
        return op;
    }

    /**
     * Waits for {@code op} to succeed (returns at once if it is already final) within {@code timeoutSeconds} (-1: no
     * limit), polling {@code /wait} in slices of at most a minute; throws {@link LxdException} if it fails or times out.
     */
    public Operation waitSuccess(Operation op, int timeoutSeconds) {
        if (op.statusCode() >= 200) {
            return op;
        }
        long start = System.nanoTime();
        long limitNanos = timeoutSeconds < 0 ? Long.MAX_VALUE : timeoutSeconds * 1_000_000_000L;
        while (true) {
            long left = limitNanos - (System.nanoTime() - start);
            int slice = (int) Math.max(1, Math.min(WAIT_SLICE_SECONDS, left / 1_000_000_000L));
            long sliceStart = System.nanoTime();
            Operation now = waitOperation(op.id(), slice);
            if (now.statusCode() >= 200) {
                return now;
            }
            if (System.nanoTime() - start >= limitNanos) {
                throw new LxdException(0, "Timed out after " + timeoutSeconds + "s waiting for operation "
                        + op.id() + " (" + op.description() + ")", now);
            }
            if (System.nanoTime() - sliceStart < 100_000_000L) {
                pause(); // the server answered before its timeout: do not spin
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxdException(0, "interrupted while waiting for an operation");
        }
    }

    /** {@code GET /1.0/operations/{id}}. */
    public Operation getOperation(String id) {
        return convert(sync("GET", "/1.0/operations/" + segment(id), null), Operation.class);
    }

    /** {@code GET /1.0/instances?recursion=N} for N = 1 (instances) or 2 (instances with state). */
    public List<Instance> listInstances(int recursion) {
        if (recursion < 1) {
            throw new IllegalArgumentException("recursion must be 1 or 2 to return instances, was " + recursion);
        }
        JsonNode list = sync("GET", "/1.0/instances?recursion=" + recursion, null);
        List<Instance> out = new ArrayList<>();
        list.forEach(node -> out.add(convert(node, Instance.class)));
        return out;
    }

    /** {@code GET /1.0/instances}: the instance names. */
    public List<String> listInstanceNames() {
        List<String> names = new ArrayList<>();
        sync("GET", "/1.0/instances", null).forEach(url -> {
            String s = url.asText();
            int q = s.indexOf('?');
            s = q >= 0 ? s.substring(0, q) : s;
            names.add(java.net.URLDecoder.decode(s.substring(s.lastIndexOf('/') + 1), StandardCharsets.UTF_8));
        });
        return names;
    }

    /** {@code GET /1.0/instances/{name}?recursion=1}: the instance with its {@code state}. */
    public Instance getInstance(String name) {
        return convert(sync("GET", "/1.0/instances/" + segment(name) + "?recursion=1", null), Instance.class);
    }

    /** {@code GET /1.0/instances/{name}/state}. */
    public InstanceState getState(String name) {
        return convert(sync("GET", "/1.0/instances/" + segment(name) + "/state", null), InstanceState.class);
    }

    /** {@code PUT /1.0/instances/{name}/state}; {@code timeout} -1 means the server default. */
    public Operation changeState(String name, String action, boolean force, int timeout) {
        return async("PUT", "/1.0/instances/" + segment(name) + "/state",
                new InstanceStatePut(action, timeout, force, false));
    }

    /** {@code DELETE /1.0/instances/{name}}; the server refuses a running instance. */
    public Operation deleteInstance(String name) {
        return async("DELETE", "/1.0/instances/" + segment(name), null);
    }

    /** {@code POST /1.0/images} with a streamed body (a unified tarball or a multipart split image). */
    public Operation uploadImage(Map<String, String> headers, java.io.InputStream body, long length) {
        try {
            Reply reply = StreamingExchange.exchange(http.socket(), "POST", "/1.0/images", headers, body, length,
                    null);
            return toOperation(Envelopes.check(reply));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Streams a successful GET's body into {@code sink}; returns the response headers (errors throw). */
    public Reply download(String path, java.io.OutputStream sink) {
        try {
            Reply reply = StreamingExchange.exchange(http.socket(), "GET", path, Map.of(), null, 0, sink);
            if (!reply.isSuccess()) {
                Envelopes.check(reply);
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Any request answered with a sync envelope; returns its {@code metadata}. */
    public JsonNode sync(String method, String path, Object body) {
        return call(method, path, body, null).path("metadata");
    }

    /** A sync GET's {@code metadata} with the response's {@code ETag} ({@code ""} when the server sent none). */
    public Tagged getTagged(String path) {
        Reply reply = exchange("GET", path, null, Map.of(), null);
        return new Tagged(Envelopes.check(reply).path("metadata"), reply.header("ETag").orElse(""));
    }

    /** The metadata of a GET and the ETag to send back as {@code If-Match} when writing it. */
    public record Tagged(JsonNode metadata, String etag) {
    }

    /**
     * Any request answered with an async envelope; returns its operation. A sync answer becomes an already
     * successful operation without an id.
     */
    public Operation async(String method, String path, Object body) {
        return async(method, path, body, Map.of());
    }

    /** {@link #async(String, String, Object)} with extra request headers, such as {@code If-Match}. */
    public Operation async(String method, String path, Object body, Map<String, String> headers) {
        JsonNode root = Envelopes.check(exchange(method, path, body, headers, null));
        if (!"async".equals(root.path("type").asText())) {
            return new Operation(null, "task", "", null, null, "Success", 200, null, null, false, "", null);
        }
        return toOperation(root);
    }

    private JsonNode call(String method, String path, Object body, Duration readTimeout) {
        return Envelopes.check(exchange(method, path, body, Map.of(), readTimeout));
    }

    private Reply exchange(String method, String path, Object body, Map<String, String> headers,
            Duration readTimeout) {
        String json = body == null ? null : write(body);
        try {
            return http.request(method, path, json, headers, readTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Operation toOperation(JsonNode envelope) {
        JsonNode meta = envelope.path("metadata");
        if (meta.isObject()) {
            return convert(meta, Operation.class);
        }
        String url = envelope.path("operation").asText("");
        String id = url.substring(url.lastIndexOf('/') + 1);
        if (id.isEmpty()) {
            throw new LxdException(0, "malformed response: no operation in " + envelope.path("type").asText());
        }
        return new Operation(id, "task", "", null, null, "Running", 103, null, null, false, "", null);
    }

    static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return READ.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new LxdException(0, "malformed " + type.getSimpleName() + " from server: " + e.getOriginalMessage());
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : WRITE.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters pass through). */
    public static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
