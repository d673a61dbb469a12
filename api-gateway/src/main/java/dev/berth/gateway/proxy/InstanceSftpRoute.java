package dev.berth.gateway.proxy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.contracts.InstanceRef;
import dev.berth.gateway.rest.LxdException;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.gateway.websocket.Upgrades;
import dev.berth.support.auth.InternalToken;
import dev.berth.support.http.SftpUpgrade;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /1.0/instances/{name}/sftp} with {@code Upgrade: sftp}: what Incus 6.0.4 and later use for every
 * {@code incus file} command. The gateway checks the request (400 without the upgrade, 404 for an unknown instance),
 * upgrades the same way on the instance's executor ({@code /internal/containers/{id}/sftp}), passes an executor's
 * refusal on as is, and once both sides have switched answers {@code 101 Switching Protocols} and relays raw bytes
 * both ways with back-pressure. It runs behind {@code TrustFilter} like every route, on the socket and over HTTPS.
 */
@ApplicationScoped
public class InstanceSftpRoute {
    private static final Logger LOG = Logger.getLogger(InstanceSftpRoute.class);

    @Inject
    InternalToken internalToken;
    @Inject
    Vertx vertx;
    @Inject
    ContainerServiceClient instances;

    @ConfigProperty(name = "berth.executor.url")
    URI executor;

    private HttpClient client;

    void routes(@Observes Router router) {
        // no idle timeout: an SFTP session (incus file mount) may be quiet for as long as its user likes
        // keep-alive on: without it Vert.x sends "Connection: close", which would override the upgrade (an
        // upgraded connection leaves the pool anyway)
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(3000).setIdleTimeout(0));
        router.routeWithRegex("/1\\.0/instances/([^/]+)/sftp").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        if (request.method() != HttpMethod.GET) {
            request.resume();
            Upgrades.fail(request, new LxdException(405, "Method not allowed"));
            return;
        }
        if (!SftpUpgrade.requested(request)) {
            request.resume();
            Upgrades.fail(request, LxdException.badRequest("Missing \"Upgrade: sftp\" and \"Connection: Upgrade\""
                    + " headers"));
            return;
        }
        String name = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
        String project = project(request);
        vertx.executeBlocking(() -> instances.find(project, name, false), false).onFailure(e -> {
            request.resume();
            Upgrades.fail(request, new LxdException(503, "Container service unavailable: " + e.getMessage()));
        }).onSuccess(instance -> {
            if (instance.isEmpty()) {
                request.resume();
                Upgrades.fail(request, LxdException.notFound("Failed to fetch instance \"" + name
                        + "\" in project \"" + project + "\": Instance not found"));
                return;
            }
            connect(ctx, name, new InstanceRef(project, name).containerId());
        });
    }

    private void connect(RoutingContext ctx, String name, String containerId) {
        HttpServerRequest request = ctx.request();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(executor.getHost())
                .setPort(executor.getPort()).setURI("/internal/containers/" + containerId + "/sftp")
                .putHeader(HttpHeaders.UPGRADE, "sftp").putHeader(HttpHeaders.CONNECTION, "Upgrade")
                .putHeader(InternalToken.HEADER, internalToken.header());
        client.request(options).compose(backend -> backend.connect()).onFailure(e -> {
            request.resume();
            LOG.warnf("SFTP for %s: host executor unreachable: %s", name, e.getMessage());
            Upgrades.fail(request, new LxdException(503, "Host executor unavailable: " + e.getMessage()));
        }).onSuccess(backend -> {
            if (backend.statusCode() != 101) {
                // the executor's refusal (stopped overlay instance, gone container) in LXD's envelope
                request.resume();
                HttpForwarder.relay(backend, ctx.response());
                return;
            }
            NetSocket upstream = backend.netSocket();
            upstream.pause();
            SftpUpgrade.named(request).toNetSocket().onSuccess(downstream -> relay(downstream, upstream))
                    .onFailure(e -> {
                        LOG.debugf("SFTP for %s: upgrade failed: %s", name, e.toString());
                        upstream.close();
                    });
        });
    }

    /** Raw bytes both ways; a pipe pauses its source while its destination's queue is full, and ends it at the end. */
    private static void relay(NetSocket client, NetSocket executor) {
        client.pipeTo(executor);
        executor.pipeTo(client);
    }

    private static String project(HttpServerRequest request) {
        String p = request.getParam("project");
        return p == null || p.isEmpty() ? InstanceRef.DEFAULT_PROJECT : p;
    }
}
