package dev.berth.gateway.proxy;

import java.util.Map;
import java.util.Locale;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import dev.berth.support.auth.InternalToken;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams one HTTP exchange to a backend service and back with back-pressure, so an image of any size passes through
 * the gateway without being held in memory.
 */
public final class HttpForwarder {
    private static final Logger LOG = Logger.getLogger(HttpForwarder.class);
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and Host, which the backend request sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    static final int IDLE_TIMEOUT_SECONDS = 1800;

    private final HttpClient client;
    private final String host;
    private final int port;
    private final String authorization;

    /** A forwarder to the internal service at {@code host:port}, which it calls with {@code authorization}. */
    public HttpForwarder(Vertx vertx, String host, int port, String authorization) {
        // Generous idle timeout: image-service may think for minutes after an upload (an OCI conversion) before it
        // answers, and the connection must survive that silence.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setConnectTimeout(3000));
        this.host = host;
        this.port = port;
        this.authorization = authorization;
    }

    /** Sends {@code request} (headers and streamed body) to the backend at the same URI. */
    public Future<HttpClientResponse> send(HttpServerRequest request) {
        return send(request, request.uri());
    }

    /** Sends {@code request} (headers and streamed body) to the backend at {@code uri}. */
    public Future<HttpClientResponse> send(HttpServerRequest request, String uri) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(host).setPort(port)
                .setURI(uri).setHeaders(outgoing(request.headers()));
        return client.request(options).compose(backend -> {
            if (!request.headers().contains("content-length") && !request.headers().contains("transfer-encoding")) {
                return backend.send();
            }
            if (!request.headers().contains("content-length")) {
                backend.setChunked(true);
            }
            return backend.send(request);
        });
    }

    /** Sends {@code request}'s headers with a body that was already read. */
    public Future<HttpClientResponse> send(HttpServerRequest request, Buffer body) {
        return send(request, body, Map.of());
    }

    /**
     * Sends {@code request}'s headers, plus {@code extra}, with a body that was already read; the headers are
     * copied at once, so the request may be answered before the backend is.
     */
    public Future<HttpClientResponse> send(HttpServerRequest request, Buffer body, Map<String, String> extra) {
        MultiMap headers = outgoing(request.headers());
        extra.forEach(headers::set);
        headers.set("Content-Length", Integer.toString(body.length()));
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(host).setPort(port)
                .setURI(request.uri()).setHeaders(headers);
        return client.request(options).compose(backend -> backend.send(body));
    }

    /**
     * Streams the request to the backend and its answer back; when the backend is unreachable, a 503 naming
     * {@code service} (the request is paused by the caller until the backend is ready to read it).
     */
    public void forward(RoutingContext ctx, String service) {
        send(ctx.request()).onFailure(e -> {
            LOG.warnf("%s unreachable: %s", service, describe(e));
            error(ctx, 503, service + " unavailable: " + describe(e));
        }).onSuccess(backend -> relay(backend, ctx.response()).onFailure(e -> {
            // The backend answered; one side closed during the body (a client that read what it wanted and left).
            LOG.debugf("%s %s: the answer from %s was cut short: %s", ctx.request().method(), ctx.request().path(),
                    service, describe(e));
            error(ctx, 502, service + " answer cut short: " + describe(e));
        }));
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** An LXD error envelope, unless the answer has begun (then the connection is reset). */
    public static void error(RoutingContext ctx, int code, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Json.write(Response.error(code, message)));
    }

    /** Copies the backend's status, headers and streamed body to {@code response}. */
    public static Future<Void> relay(HttpClientResponse backend, HttpServerResponse response) {
        response.setStatusCode(backend.statusCode());
        response.headers().addAll(copy(backend.headers()));
        if (!backend.headers().contains("content-length")) {
            response.setChunked(true);
        }
        return backend.pipeTo(response);
    }

    public void close() {
        client.close();
    }

    /** The client's end-to-end headers, with the internal token in place of any credentials the client sent. */
    private MultiMap outgoing(MultiMap headers) {
        return copy(headers).set(InternalToken.HEADER, authorization);
    }

    private static MultiMap copy(MultiMap headers) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(e -> {
            if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.add(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
