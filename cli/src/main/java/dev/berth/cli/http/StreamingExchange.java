package dev.berth.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request on its own connection whose bodies are streamed rather than held in memory: image uploads go out from a
 * file, and a successful download goes straight into a sink. Error bodies (small JSON) come back in the {@link Reply}.
 */
public final class StreamingExchange {
    private static final int BUFFER = 1 << 16;

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
        String statusLine;
        int status;
        Map<String, List<String>> headers;
        do {
            statusLine = conn.readLine();
            if (statusLine == null) {
                throw new java.io.EOFException("server closed the connection without answering");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("malformed HTTP status line: " + statusLine);
            }
            status = Integer.parseInt(parts[1]);
            headers = headers(conn);
        } while (status >= 100 && status < 200);
        Reply probe = new Reply(status, "", headers, new byte[0]);
        boolean toSink = sink != null && status >= 200 && status < 300;
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        OutputStream target = toSink ? sink : small;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return probe;
        }
        if (probe.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            chunked(conn, target);
        } else if (probe.header("Content-Length").isPresent()) {
            conn.copy(Long.parseLong(probe.header("Content-Length").get().trim()), target);
        } else {
            conn.copyToEnd(target);
        }
        return new Reply(status, "", headers, small.toByteArray());
    }

    private static void chunked(UnixConnection conn, OutputStream target) throws IOException {
        while (true) {
            String sizeLine = conn.readLine();
            if (sizeLine == null) {
                throw new java.io.EOFException("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            if (size == 0) {
                headers(conn);
                return;
            }
            conn.copy(size, target);
            if (!conn.readLine().isEmpty()) {
                throw new ProtocolException("chunk not terminated by CRLF");
            }
        }
    }

    private static Map<String, List<String>> headers(UnixConnection conn) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = conn.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed HTTP header: " + line);
            }
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return headers;
    }
}
