package dev.berth.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny HTTP/1.1 server on a temporary Unix socket for tests. A handler maps each request to the raw response
 * bytes (status line, headers and body, framed however the test likes); returning null closes the connection
 * without answering.
 */
public final class FakeUnixServer implements AutoCloseable {
    /** One received request. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Function<Request, String> handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public FakeUnixServer(Path dir, Function<Request, String> handler) throws IOException {
        this.socket = dir.resolve("fake-" + System.nanoTime() + ".socket");
        this.handler = handler;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = new Thread(this::acceptLoop, "fake-unix-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    public List<Request> requests() {
        return requests;
    }

    public int connections() {
        return connections.get();
    }

    /** A Content-Length framed response. */
    public static String response(int status, String body, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: application/json\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
    }

    /** A chunked response, cutting the body into chunks of {@code chunkSize} characters (ASCII bodies). */
    public static String chunked(int status, String body, int chunkSize) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < body.length(); i += chunkSize) {
            String chunk = body.substring(i, Math.min(body.length(), i + chunkSize));
            sb.append(Integer.toHexString(chunk.length())).append(i == 0 ? ";ext=1" : "").append("\r\n")
                    .append(chunk).append("\r\n");
        }
        return sb.append("0\r\nX-Trailer: yes\r\n\r\n").toString();
    }

    public static String sample(String name) {
        try (InputStream in = FakeUnixServer.class.getResourceAsStream("/samples/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 412 -> "Precondition Failed";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                connections.incrementAndGet();
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "fake-unix-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client; InputStream in = Channels.newInputStream(client)) {
            while (true) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                String raw = handler.apply(request);
                if (raw == null) {
                    return;
                }
                ByteBuffer buf = ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    client.write(buf);
                }
                if (raw.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = length == 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }
}
