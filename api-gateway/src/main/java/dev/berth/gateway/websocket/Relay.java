package dev.berth.gateway.websocket;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

/**
 * Joins a client's websocket to the executor's, message for message: binary stays binary and an (empty) text
 * message, LXD's end-of-stream mark, stays text. A side whose write queue fills pauses the other, so a slow reader
 * slows the command instead of growing a buffer here. The client also gets LXD's keepalive pings.
 *
 * <p>
 * Either side going away closes the other: a close frame once every message read before it was passed on, and a
 * connection that just drops (a killed client, an executor restart) as well, for which Vert.x sends no end. A console
 * or an exec whose client vanished would otherwise keep its operation running and its executor session open.
 */
public final class Relay {
    static final long PING_MS = 10_000;

    private Relay() {
    }

    public static void between(Vertx vertx, WebSocketBase client, WebSocketBase upstream) {
        long ping = vertx.setPeriodic(PING_MS, id -> {
            if (!client.isClosed()) {
                client.writePing(Buffer.buffer("keepalive"));
            }
        });
        new Pipe(vertx, client, upstream, () -> vertx.cancelTimer(ping)).start();
        new Pipe(vertx, upstream, client, () -> {
        }).start();
    }

    /** One direction; {@code from}'s end or loss closes {@code to}. */
    private static final class Pipe {
        private final Vertx vertx;
        private final WebSocketBase from;
        private final WebSocketBase to;
        private final Runnable onEnd;
        /** {@code from} paused here until {@code to} drains (event loop only). */
        private boolean held;
        /** {@code from}'s connection dropped while held: close {@code to} once the held messages went through. */
        private boolean lost;

        Pipe(Vertx vertx, WebSocketBase from, WebSocketBase to, Runnable onEnd) {
            this.vertx = vertx;
            this.from = from;
            this.to = to;
            this.onEnd = onEnd;
        }

        void start() {
            from.binaryMessageHandler(data -> {
                if (!to.isClosed()) {
                    to.writeBinaryMessage(data);
                    throttle();
                }
            });
            from.textMessageHandler(text -> {
                if (!to.isClosed()) {
                    to.writeTextMessage(text);
                    throttle();
                }
            });
            // endHandler: a close frame, run only after every message read before it was passed on, even those
            // held back while the other side was paused.
            from.endHandler(v -> end());
            // closeHandler: also a connection that dropped without a close frame, which never runs the endHandler.
            // Not paused, every message read was already passed on. Paused, the close waits for the drain; what was
            // held back is then passed on first at best (the two sides may run on different event loops), which a
            // client that vanished mid-stream cannot count on anyway.
            from.closeHandler(v -> {
                if (held) {
                    lost = true;
                } else {
                    end();
                }
            });
        }

        private void throttle() {
            if (!held && !to.isClosed() && to.writeQueueFull()) {
                held = true;
                from.pause();
                to.drainHandler(v -> {
                    held = false;
                    from.resume();
                    if (lost) {
                        // the resumed side delivers what it held on a later turn of its event loop
                        vertx.runOnContext(x -> {
                            if (!held) {
                                end();
                            }
                        });
                    }
                });
            }
        }

        private void end() {
            onEnd.run();
            if (!to.isClosed()) {
                to.close();
            }
        }
    }
}
