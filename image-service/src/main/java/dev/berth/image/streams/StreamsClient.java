package dev.berth.image.streams;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.contracts.Json;
import dev.berth.image.domain.ImageServerUnavailableException;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.streams.Simplestreams.Index;
import dev.berth.image.streams.Simplestreams.IndexEntry;
import dev.berth.image.streams.Simplestreams.Products;

/**
 * Reads a simplestreams server over HTTP(S): its index, its products files, and image files as streams. A server
 * added with a certificate (what the client pinned) is reached over TLS trusting that certificate only; otherwise
 * the JVM's CAs apply.
 */
@ApplicationScoped
public class StreamsClient {
    private final HttpClient system = builder().build();

    /** A connection to {@code server}; {@code certificate} (PEM) may be null or empty. */
    public Connection connect(String server, String certificate) {
        url(server, Simplestreams.INDEX_PATH); // refuses a malformed server URL before anything is sent
        HttpClient http = certificate == null || certificate.isBlank()
                ? system
                : builder().sslContext(PinnedTrust.context(certificate)).build();
        return new Connection(server, http);
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
    }

    /** One image server, as reached for one pull. */
    public static final class Connection {
        private final String server;
        private final HttpClient http;

        private Connection(String server, HttpClient http) {
            this.server = server;
            this.http = http;
        }

        /** Every image the server's index lists, from each of its {@code image-downloads} products files. */
        public RemoteImages images() {
            Index index = json(Simplestreams.INDEX_PATH, Index.class);
            List<Products> files = new ArrayList<>();
            if (index.index() != null) {
                for (IndexEntry entry : index.index().values()) {
                    if (Simplestreams.DATATYPE.equals(entry.datatype()) && entry.products() != null
                            && !entry.products().isEmpty()) {
                        files.add(json(entry.path(), Products.class));
                    }
                }
            }
            return RemoteImages.of(files);
        }

        /** Opens the file at {@code path} below {@code server}; the caller closes the stream. */
        public InputStream open(String path) {
            HttpResponse<InputStream> response = send(path, HttpResponse.BodyHandlers.ofInputStream(),
                    Duration.ofHours(2));
            if (response.statusCode() != 200) {
                close(response.body());
                throw new ImageServerUnavailableException(
                        "Unable to fetch " + url(server, path) + ": HTTP " + response.statusCode(), null);
            }
            return response.body();
        }

        private <T> T json(String path, Class<T> type) {
            HttpResponse<String> response = send(path, HttpResponse.BodyHandlers.ofString(),
                    Duration.ofMinutes(1));
            if (response.statusCode() != 200) {
                throw new ImageServerUnavailableException(
                        "Unable to fetch " + url(server, path) + ": HTTP " + response.statusCode(), null);
            }
            try {
                return Json.MAPPER.readValue(response.body(), type);
            } catch (IOException e) {
                throw new ImageServerUnavailableException(
                        "Failed decoding " + url(server, path) + ": " + e.getMessage(),
                        e);
            }
        }

        private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> handler,
                Duration timeout) {
            URI uri = url(server, path);
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), handler);
            } catch (IOException e) {
                String why = e instanceof ConnectException ? "connection refused" : reason(e);
                throw new ImageServerUnavailableException("Image server " + server + " is unreachable: " + why, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageServerUnavailableException("Interrupted while fetching " + uri, e);
            }
        }

    }

    /** Why a request failed, naming TLS when the server's certificate was not the trusted one. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed (" + t.getMessage() + "); is the certificate given for it the server's?";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code path} below {@code server}, as Go's {@code url.JoinPath} joins them. */
    static URI url(String server, String path) {
        if (path == null || path.isBlank() || path.contains("..") || path.startsWith("/") || path.contains("://")) {
            throw new InvalidRequestException("Invalid path \"" + path + "\" in the image server's index");
        }
        try {
            URI base = URI.create(server.endsWith("/") ? server : server + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new InvalidRequestException("Image server URL must be http or https: " + server);
            }
            return base.resolve(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid image server URL: " + server);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read
        }
    }
}
