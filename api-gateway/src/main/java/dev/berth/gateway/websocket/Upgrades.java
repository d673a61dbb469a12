package dev.berth.gateway.websocket;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import dev.berth.gateway.rest.LxdException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Helpers for the raw Vert.x routes that upgrade to websockets, outside RESTEasy's error mapping. */
public final class Upgrades {
    private Upgrades() {
    }

    public static boolean isWebSocket(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Answers with LXD's error envelope instead of upgrading. */
    public static void fail(HttpServerRequest request, LxdException e) {
        request.response().setStatusCode(e.code()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(Response.error(e.code(), e.getMessage())));
    }
}
