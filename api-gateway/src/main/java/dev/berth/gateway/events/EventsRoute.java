package dev.berth.gateway.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.lxd.Event;
import dev.berth.gateway.rest.LxdException;
import dev.berth.gateway.websocket.Upgrades;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

/**
 * {@code GET /1.0/events}: a websocket of JSON text messages, filtered by {@code type=} and project, pinged every
 * {@value #PING_MS} ms (Incus clients drop a socket that stays silent for 30 s). A plain GET is a 400, as in Incus.
 */
@ApplicationScoped
public class EventsRoute {
    static final long PING_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(EventsRoute.class);
    /** A listener whose client reads slower than events come is dropped rather than buffered without bound. */
    private static final int WRITE_QUEUE_BYTES = 4 << 20;

    @Inject
    EventHub hub;
    @Inject
    Vertx vertx;

    void register(@Observes Router router) {
        router.get("/1.0/events").order(-10).handler(ctx -> open(ctx.request()));
    }

    private void open(HttpServerRequest request) {
        EventFilter filter;
        try {
            if (!Upgrades.isWebSocket(request)) {
                throw LxdException.badRequest("Events are only available over a websocket");
            }
            filter = EventFilter.parse(request.getParam("type"), request.getParam("project"),
                    request.getParam("all-projects"));
        } catch (LxdException e) {
            Upgrades.fail(request, e);
            return;
        }
        request.toWebSocket().onSuccess(ws -> attach(ws, filter))
                .onFailure(e -> LOG.debugf("events upgrade failed: %s", e.toString()));
    }

    private void attach(ServerWebSocket ws, EventFilter filter) {
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        EventHub.Listener listener = new EventHub.Listener() {
            @Override
            public boolean wants(Event event) {
                return filter.matches(event);
            }

            @Override
            public void send(String json) {
                if (ws.writeQueueFull()) {
                    LOG.warnf("closing an events listener that stopped reading (%d bytes queued)",
                            WRITE_QUEUE_BYTES);
                    ws.close((short) 1008, "too slow");
                    hub.remove(this);
                    return;
                }
                ws.writeTextMessage(json);
            }
        };
        long ping = vertx.setPeriodic(PING_MS, id -> ws.writePing(Buffer.buffer("keepalive")));
        hub.add(listener);
        ws.closeHandler(v -> {
            vertx.cancelTimer(ping);
            hub.remove(listener);
        });
        // Clients never send data on this socket; whatever comes is read and dropped.
        ws.handler(b -> {
        });
    }
}
