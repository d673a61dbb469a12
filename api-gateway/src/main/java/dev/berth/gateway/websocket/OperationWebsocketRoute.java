package dev.berth.gateway.websocket;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.lxd.Operation;
import dev.berth.gateway.rest.LxdException;
import dev.berth.gateway.service.ExecutorClient;
import dev.berth.gateway.service.Operations;
import dev.berth.support.auth.InternalToken;
import dev.berth.support.http.WebSocketFrames;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;

/**
 * {@code GET /1.0/operations/{id}/websocket?secret=}: attaches the client to one fd of an exec or a console. The secret picks the
 * fd (a wrong one is a 403); the gateway then opens the same fd on the executor and relays frames both ways. Any
 * gateway replica can serve any fd, since the secrets live with the operation in PostgreSQL.
 */
@ApplicationScoped
public class OperationWebsocketRoute {
    private static final Logger LOG = Logger.getLogger(OperationWebsocketRoute.class);

    @Inject
    InternalToken internalToken;
    @Inject
    Operations operations;
    @Inject
    ExecutorClient executors;
    @Inject
    Vertx vertx;

    private WebSocketClient client;

    void register(@Observes Router router) {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(WebSocketFrames.MAX_FRAME)
                .setMaxMessageSize(WebSocketFrames.MAX_MESSAGE).setConnectTimeout(5_000));
        router.get("/1.0/operations/:id/websocket").order(-10).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (!Upgrades.isWebSocket(request)) {
                // before the secret is looked at or the executor attached: a plain GET must not use up an fd
                Upgrades.fail(request, LxdException.badRequest("Expected a websocket upgrade"));
                return;
            }
            request.pause();
            String id = ctx.pathParam("id");
            String secret = request.getParam("secret");
            java.util.Optional<Operation> local = operations.runningWebsocket(id);
            if (local.isPresent()) {
                // started here and not ended: its secrets are known without PostgreSQL or a worker thread
                String fd;
                try {
                    fd = fdOf(local.get(), secret);
                } catch (LxdException e) {
                    Upgrades.fail(request, e);
                    return;
                }
                connect(request, id, fd);
                return;
            }
            vertx.<String>executeBlocking(() -> fdFor(id, secret), false)
                    .onSuccess(fd -> connect(request, id, fd))
                    .onFailure(e -> Upgrades.fail(request, e instanceof LxdException lxd
                            ? lxd
                            : new LxdException(500, e.getMessage())));
        });
    }

    /** The fd whose secret the client holds, checked against the running operation. */
    private String fdFor(String id, String secret) {
        Operation op = operations.get(id).orElseThrow(() -> LxdException.notFound("Operation not found"));
        if (op.isFinal()) {
            throw new LxdException(403, "Operation already ended");
        }
        return fdOf(op, secret);
    }

    /** The fd of a running operation whose secret the client holds; a 403 otherwise. */
    private static String fdOf(Operation op, String secret) {
        Object fds = op.metadata() == null ? null : op.metadata().get("fds");
        if (secret != null && !secret.isEmpty() && fds instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                // untrusted clients reach this route (the secret is their credential): compare in constant time
                if (e.getValue() instanceof String candidate && java.security.MessageDigest.isEqual(
                        secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    return e.getKey().toString();
                }
            }
        }
        throw new LxdException(403, "Invalid websocket secret");
    }

    private void connect(HttpServerRequest request, String id, String fd) {
        java.net.URI base = executors.base(null);
        WebSocketConnectOptions target = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI("/internal/exec/" + id + "/" + fd)
                .putHeader(InternalToken.HEADER, internalToken.header());
        client.connect(target).onSuccess(upstream -> {
            request.toWebSocket().onSuccess(downstream -> Relay.between(vertx, downstream, upstream))
                    .onFailure(e -> {
                        LOG.debugf("exec %s fd %s: upgrade failed: %s", id, fd, e.toString());
                        upstream.close();
                    });
        }).onFailure(e -> Upgrades.fail(request, refusal(e)));
    }

    /** The executor's answer before its upgrade (409 fd in use, 404 exec gone) becomes the client's. */
    private static LxdException refusal(Throwable e) {
        if (e instanceof io.vertx.core.http.UpgradeRejectedException rejected) {
            int status = rejected.getStatus();
            String message = status == 409
                    ? "Websocket already connected"
                    : status == 404 ? "Operation not found" : "Websocket refused by the host";
            return new LxdException(status == 409 ? 409 : status == 404 ? 404 : 403, message);
        }
        return new LxdException(500, "host-executor unreachable: " + e.getMessage());
    }
}
