package dev.berth.support.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Lets websocket frames up to 1 MiB through on every listener of every service (the gateway relays exec frames of
 * that size to the executor). Quarkus applies its own websocket limits to TCP and
 * TLS only, so without this the Unix socket resets any connection with a frame over 64 KiB.
 */
@ApplicationScoped
public class WebSocketFrames implements HttpServerOptionsCustomizer {
    public static final int MAX_FRAME = 1 << 20;
    public static final int MAX_MESSAGE = 4 << 20;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        apply(options);
    }

    private static void apply(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(MAX_FRAME).setMaxWebSocketMessageSize(MAX_MESSAGE);
    }
}
