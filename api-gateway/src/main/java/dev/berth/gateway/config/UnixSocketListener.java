package dev.berth.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * The LXD API on its Unix socket ({@code berth.socket}, mode 0660 as LXD's: root and the socket's group), serving
 * the very router loopback HTTP and HTTPS serve, through Quarkus' own root handler.
 *
 * <p>
 * Berth listens here itself rather than through Quarkus' domain-socket server for one reason: clients over a Unix
 * socket send whatever {@code Host} their HTTP library makes up, and Vert.x Web refuses a request whose Host it
 * cannot parse (400, before any route runs). pylxd's websocket library sends {@code Host: localhost:None}. The host
 * means nothing on a socket, so an unparsable one becomes {@code localhost} before the router sees the request.
 */
@ApplicationScoped
public class UnixSocketListener {
    private static final Logger LOG = Logger.getLogger(UnixSocketListener.class);

    @ConfigProperty(name = "berth.socket")
    String socket;

    @Inject
    Vertx vertx;

    private volatile HttpServer server;

    void start(@Observes StartupEvent event) throws Exception {
        Path path = Path.of(socket).toAbsolutePath();
        Files.createDirectories(path.getParent());
        // A socket left by an earlier run (kill -9) would make bind fail; only ever remove a socket, not a file.
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            Files.delete(path);
        }
        HttpServerOptions options = new HttpServerOptions().setMaxWebSocketFrameSize(1 << 20)
                .setMaxWebSocketMessageSize(4 << 20).setMaxHeaderSize(20 * 1024);
        server = vertx.createHttpServer(options).requestHandler(UnixSocketListener::handle)
                .listen(SocketAddress.domainSocketAddress(path.toString())).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            LOG.errorf("cannot set mode 0660 on %s: %s", path, e.getMessage());
        }
        LOG.infof("LXD API on unix:%s", path);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        HttpServer s = server;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static void handle(HttpServerRequest req) {
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host == null || HostAndPort.parseAuthority(host, -1) == null) {
            req.headers().set(HttpHeaderNames.HOST, "localhost");
        }
        VertxHttpRecorder.getRootHandler().handle(req);
    }
}
