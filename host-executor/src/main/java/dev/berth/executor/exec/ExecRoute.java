package dev.berth.executor.exec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.berth.contracts.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * {@code GET /internal/exec/{operation}/{fd}}: the gateway's websocket for one fd of an exec or a console. An unknown exec is a
 * 404, an fd it lacks a 403, one already attached a 409, each answered before the upgrade so the gateway can pass
 * the refusal on.
 */
@ApplicationScoped
public class ExecRoute {

    @Inject
    ExecSessions sessions;
    @Inject
    ConsoleSessions consoles;

    void register(@Observes Router router) {
        router.get("/internal/exec/:operation/:fd").order(-10).handler(ctx -> open(ctx.request(),
                ctx.pathParam("operation"), ctx.pathParam("fd")));
    }

    private void open(HttpServerRequest request, String operation, String fd) {
        Attachable session = sessions.find(operation).<Attachable>map(s -> s)
                .or(() -> consoles.find(operation)).orElse(null);
        try {
            if (session == null) {
                throw new ExecRefused(404, "Operation not found");
            }
            session.check(fd);
        } catch (ExecRefused e) {
            request.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(java.util.Map.of("error", e.getMessage())));
            return;
        }
        request.toWebSocket().onSuccess(ws -> {
            try {
                session.attach(fd, ws);
            } catch (ExecRefused e) {
                ws.close((short) 1008, e.getMessage());
            }
        });
    }
}
