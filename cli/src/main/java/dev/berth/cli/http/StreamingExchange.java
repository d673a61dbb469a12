package dev.berth.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One request on its own connection whose bodies are streamed rather than held in memory: image uploads go out from a
 * file, and a successful download goes straight into a sink. Error bodies (small JSON) come back in the {@link Reply}.
 */
public final class StreamingExchange {
    private static final int BUFFER = 1 << 16;
    /** An answer that is not streamed into the sink is an error envelope: small. */
    private static final long MAX_ERROR_BODY = 16L << 20;

    private StreamingExchange() {
    }

    /**
     * Sends {@code method path} with {@code headers} and, when {@code body} is not null, exactly {@code length} bytes
     * from it; a 2xx response body is copied to {@code sink} (when not null) and is absent from the returned reply.
     */
    public static Reply exchange(Path socket, String method, String path, Map<String, String> headers,
            InputStream body, long length, OutputStream sink) throws IOException {
        try (UnixConnection conn = UnixConnection.open(socket)) {
            conn.timeout(Duration.ofMinutes(30));
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: berth\r\nUser-Agent: berth-cli\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            conn.write(UnixConnection.ascii(head.append("\r\n").toString()));
            if (body != null) {
                byte[] buf = new byte[BUFFER];
                long left = length;
                int n;
                while (left > 0 && (n = body.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                    conn.write(buf, 0, n);
                    left -= n;
                }
                if (left > 0) {
                    throw new IOException("upload body ended " + left + " bytes early");
                }
            }
            return read(conn, method, sink);
        }
    }

    private static Reply read(UnixConnection conn, String method, OutputStream sink) throws IOException {
        HttpWire.Head head = HttpWire.readHead(conn);
        if (head == null) {
            throw new java.io.EOFException("server closed the connection without answering");
        }
        Reply probe = new Reply(head.status(), head.reason(), head.headers(), new byte[0]);
        if (method.equals("HEAD") || head.status() == 204 || head.status() == 304) {
            return probe;
        }
        boolean toSink = sink != null && probe.isSuccess();
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        OutputStream target = toSink ? sink : small;
        if (probe.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            HttpWire.copyChunked(conn, target, toSink ? Long.MAX_VALUE : MAX_ERROR_BODY);
        } else if (probe.header("Content-Length").isPresent()) {
            conn.copy(Long.parseLong(probe.header("Content-Length").get().trim()), target);
        } else {
            conn.copyToEnd(target);
        }
        return new Reply(head.status(), head.reason(), head.headers(), small.toByteArray());
    }
}
