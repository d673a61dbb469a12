package dev.berth.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 framing: renders requests and parses responses (Content-Length, chunked, or read-to-close). */
final class HttpWire {
    private static final long MAX_BODY = 512L * 1024 * 1024;

    private HttpWire() {
    }

    /** A parsed response plus whether the connection may carry another request. */
    record Parsed(Reply reply, boolean keepAlive) {
    }

    static byte[] request(String method, String path, String host, String jsonBody) {
        return request(method, path, host, Map.of(), jsonBody);
    }

    /** A request with extra headers such as {@code If-Match}; names and values must not contain CR or LF. */
    static byte[] request(String method, String path, String host, Map<String, String> headers, String jsonBody) {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: berth-cli\r\n")
                .append("Accept: application/json\r\n");
        headers.forEach((k, v) -> {
            if ((k + v).indexOf('\r') >= 0 || (k + v).indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + k + " contains a line break");
            }
            head.append(k).append(": ").append(v).append("\r\n");
        });
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (jsonBody != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = UnixConnection.ascii(head.toString());
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /**
     * Reads one response. Returns null if the peer closed the connection before sending anything (a stale keep-alive
     * connection). Interim 1xx responses are skipped.
     */
    static Parsed readResponse(UnixConnection conn, String method) throws IOException {
        Head head = readHead(conn);
        return head == null
                ? null
                : readBody(conn, method, head.version(), head.status(), head.reason(),
                        head.headers());
    }

    /** A response's status line and headers. */
    record Head(String version, int status, String reason, Map<String, List<String>> headers) {
    }

    /** Reads a final response's head, skipping interim 1xx ones; null if the peer closed before sending anything. */
    static Head readHead(UnixConnection conn) throws IOException {
        while (true) {
            String statusLine = conn.readLine();
            if (statusLine == null) {
                return null;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("malformed HTTP status line: " + statusLine);
            }
            int status = parseStatus(parts[1], statusLine);
            String reason = parts.length == 3 ? parts[2] : "";
            Map<String, List<String>> headers = readHeaders(conn);
            if (status < 100 || status >= 200 || status == 101) {
                return new Head(parts[0], status, reason, headers);
            }
        }
    }

    private static Parsed readBody(UnixConnection conn, String method, String version, int status, String reason,
            Map<String, List<String>> headers) throws IOException {
        Reply probe = new Reply(status, reason, headers, new byte[0]);
        String connection = probe.header("Connection").orElse("").toLowerCase(Locale.ROOT);
        boolean keepAlive = version.equals("HTTP/1.0")
                ? connection.contains("keep-alive")
                : !connection.contains("close");
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || status == 101) {
            body = new byte[0];
        } else if (probe.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            body = readChunked(conn);
        } else if (probe.header("Content-Length").isPresent()) {
            long length = parseLength(probe.header("Content-Length").get().trim(), "Content-Length");
            body = new byte[(int) length];
            conn.readFully(body, 0, body.length);
        } else {
            body = conn.readToEnd();
            keepAlive = false;
        }
        return new Parsed(new Reply(status, reason, headers, body), keepAlive);
    }

    static Map<String, List<String>> readHeaders(UnixConnection conn) throws IOException {
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
        if (line == null) {
            throw new java.io.EOFException("connection closed inside the response headers");
        }
        return headers;
    }

    private static byte[] readChunked(UnixConnection conn) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyChunked(conn, out, MAX_BODY);
        return out.toByteArray();
    }

    /** Copies a chunked body to {@code sink}, refusing more than {@code limit} bytes; trailers are discarded. */
    static void copyChunked(UnixConnection conn, java.io.OutputStream sink, long limit) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = conn.readLine();
            if (sizeLine == null) {
                throw new java.io.EOFException("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size: " + sizeLine);
            }
            if (size == 0) {
                readHeaders(conn);
                return;
            }
            total += size;
            if (size < 0 || total > limit) {
                throw new ProtocolException("chunked body larger than " + limit + " bytes");
            }
            conn.copy(size, sink);
            String end = conn.readLine();
            if (end == null || !end.isEmpty()) {
                throw new ProtocolException("chunk not terminated by CRLF");
            }
        }
    }

    private static int parseStatus(String code, String statusLine) throws ProtocolException {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed HTTP status line: " + statusLine);
        }
    }

    private static long parseLength(String value, String what) throws ProtocolException {
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > MAX_BODY) {
                throw new ProtocolException(what + " out of range: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed " + what + ": " + value);
        }
    }
}
