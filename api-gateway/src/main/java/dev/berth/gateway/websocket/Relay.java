package dev.berth.gateway.websocket;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

/**
 * Joins a client's websocket to the executor's, message for message: binary stays binary and an (empty) text
 * message, LXD's end-of-stream mark, stays text. A side whose write queue fills pauses the other, so a slow reader
 * slows the command instead of growing a buffer here. The client also gets LXD's keepalive pings.
 */
public final class Relay {
    static final long PING_MS = 10_000;

    private Relay() {
    }

    public static void between(Vertx vertx, WebSocketBase client, WebSocketBase upstream) {
        pipe(client, upstream);
        pipe(upstream, client);
        long ping = vertx.setPeriodic(PING_MS, id -> {
            if (!client.isClosed()) {
                client.writePing(Buffer.buffer("keepalive"));
            }
        });
        client.closeHandler(v -> vertx.cancelTimer(ping));
        // endHandler, not closeHandler: it runs only after every message read before the close was passed on, even
        // those held back while the other side was paused.
        client.endHandler(v -> {
            vertx.cancelTimer(ping);
            if (!upstream.isClosed()) {
                upstream.close();
            }
        });
        upstream.endHandler(v -> {
            if (!client.isClosed()) {
                client.close();
            }
        });
    }

    private static void pipe(WebSocketBase from, WebSocketBase to) {
        from.binaryMessageHandler(data -> {
            to.writeBinaryMessage(data);
            throttle(from, to);
        });
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            throttle(from, to);
        });
    }

    private static void throttle(WebSocketBase from, WebSocketBase to) {
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }
}
