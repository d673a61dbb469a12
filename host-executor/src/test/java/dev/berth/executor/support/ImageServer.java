package dev.berth.executor.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/** Serves files from memory on 127.0.0.1 at a random port, as the image-service would. */
public final class ImageServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, String[]> headers = new ConcurrentHashMap<>();

    public ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = files.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String[] header = headers.get(exchange.getRequestURI().getPath());
            if (header != null) {
                exchange.getResponseHeaders().add(header[0], header[1]);
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.start();
    }

    /** Publishes {@code file} and returns its URL. */
    public String serve(String path, Path file) {
        files.put(path, file);
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Publishes {@code file} with one extra response header and returns its URL. */
    public String serveWithHeader(String path, Path file, String name, String value) {
        headers.put(path, new String[]{name, value});
        return serve(path, file);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
