package dev.berth.cli.http;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small HTTP/1.1 client over a Unix domain socket, JDK-only.
 *
 * <p>Thread-safe: each request borrows an idle keep-alive connection from a pool (or opens a new one) and returns
 * it afterwards, so concurrent callers each get their own connection. A pooled connection the server has closed is
 * detected before use; idempotent requests are retried once on a fresh connection if a reused one yields no answer.
 */
public final class UnixHttpClient implements AutoCloseable {
    /** Where Berth's API gateway listens unless {@code $BERTH_SOCKET} says otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/lib/berth/unix.socket");
    /** Read timeout applied when a request does not name its own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final int MAX_IDLE = 8;

    private final Path socket;
    private final Duration defaultTimeout;
    private final ConcurrentLinkedDeque<UnixConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public UnixHttpClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT);
    }

    public UnixHttpClient(Path socket, Duration defaultTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    }

    /** A client for {@code $BERTH_SOCKET}, or {@link #DEFAULT_SOCKET} when it is unset. */
    public static UnixHttpClient fromEnv() {
        return new UnixHttpClient(socketFromEnv());
    }

    public static Path socketFromEnv() {
        String env = System.getenv("BERTH_SOCKET");
        return env == null || env.isBlank() ? DEFAULT_SOCKET : Path.of(env);
    }

    public Path socket() {
        return socket;
    }

    /** Sends one request with a JSON body (or none) and returns the whole response. */
    public Reply request(String method, String path, String jsonBodyOrNull) throws IOException {
        return request(method, path, jsonBodyOrNull, defaultTimeout);
    }

    /**
     * Sends one request; {@code readTimeout} bounds each wait for bytes from the server (zero or negative: forever).
     */
    public Reply request(String method, String path, String jsonBodyOrNull, Duration readTimeout)
            throws IOException {
        return request(method, path, jsonBodyOrNull, Map.of(), readTimeout);
    }

    /** Sends one request with extra headers ({@code If-Match}); {@code readTimeout} as above, null for the default. */
    public Reply request(String method, String path, String jsonBodyOrNull, Map<String, String> headers,
            Duration readTimeout) throws IOException {
        Duration timeout = readTimeout == null ? defaultTimeout : readTimeout;
        if (closed) {
            throw new IOException("client closed");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        String verb = method.toUpperCase(java.util.Locale.ROOT);
        byte[] wire = HttpWire.request(verb, path, "berth", headers, jsonBodyOrNull);
        UnixConnection conn = borrow();
        try {
            boolean retryable = conn.usedBefore() && IDEMPOTENT.contains(verb);
            HttpWire.Parsed parsed;
            try {
                parsed = exchange(conn, verb, wire, timeout);
            } catch (java.io.InterruptedIOException e) { // includes SocketTimeoutException
                throw e;
            } catch (IOException e) {
                if (!retryable) {
                    throw e;
                }
                parsed = null; // a stale keep-alive connection: try once more on a fresh one
            }
            if (parsed == null && retryable) {
                conn.close();
                conn = connect();
                parsed = exchange(conn, verb, wire, timeout);
            }
            if (parsed == null) {
                throw new IOException("server closed the connection without answering " + verb + " " + path);
            }
            conn.markUsed();
            if (parsed.keepAlive()) {
                release(conn);
                conn = null;
            }
            return parsed.reply();
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    private static HttpWire.Parsed exchange(UnixConnection conn, String verb, byte[] wire, Duration timeout)
            throws IOException {
        conn.timeout(timeout);
        conn.write(wire);
        return HttpWire.readResponse(conn, verb);
    }

    private UnixConnection borrow() throws IOException {
        UnixConnection conn;
        while ((conn = idle.pollFirst()) != null) {
            if (conn.isReusable()) {
                return conn;
            }
            conn.close();
        }
        return connect();
    }

    private UnixConnection connect() throws IOException {
        try {
            return UnixConnection.open(socket);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ConnectException ce = new ConnectException("cannot connect to " + socket + ": " + why);
            ce.initCause(e);
            throw ce;
        }
    }

    private void release(UnixConnection conn) {
        if (closed || idle.size() >= MAX_IDLE) {
            conn.close();
            return;
        }
        idle.offerFirst(conn);
        if (closed) {
            closeIdle();
        }
    }

    private void closeIdle() {
        UnixConnection conn;
        while ((conn = idle.pollFirst()) != null) {
            conn.close();
        }
    }

    /** Closes the idle connections; requests in flight finish and then close theirs. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
