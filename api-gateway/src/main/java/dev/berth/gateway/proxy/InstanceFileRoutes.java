package dev.berth.gateway.proxy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.contracts.InstanceRef;
import dev.berth.gateway.service.ContainerServiceClient;
import dev.berth.support.auth.InternalToken;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /1.0/instances/{name}/files?path=}: LXD's file API. The executor of the instance's node does the filesystem
 * work (it is root and knows the container's layout), so once the instance is known the gateway streams the request
 * to it point to point over HTTP and its answer back, bytes and {@code X-LXD-*} headers unchanged, never whole in
 * memory and never through Kafka.
 */
@ApplicationScoped
public class InstanceFileRoutes {
    private static final Logger LOG = Logger.getLogger(InstanceFileRoutes.class);

    @Inject
    InternalToken internalToken;
    @Inject
    Vertx vertx;
    @Inject
    ContainerServiceClient instances;

    @ConfigProperty(name = "berth.executor.url")
    URI executor;

    private HttpForwarder forwarder;

    void routes(@Observes Router router) {
        forwarder = new HttpForwarder(vertx, executor.getHost(), executor.getPort(), internalToken.header());
        router.routeWithRegex("/1\\.0/instances/([^/]+)/files").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.POST
                && method != HttpMethod.DELETE) {
            request.resume();
            HttpForwarder.error(ctx, 405, "Method not allowed");
            return;
        }
        String name = URLDecoder.decode(ctx.pathParam("param0"), StandardCharsets.UTF_8);
        String project = project(request);
        String path = request.getParam("path");
        if (path == null || path.isEmpty()) {
            request.resume();
            HttpForwarder.error(ctx, 400, "Missing path: the query parameter path is required");
            return;
        }
        vertx.executeBlocking(() -> instances.find(project, name, false), false).onFailure(e -> {
            request.resume();
            LOG.warnf("container-service unreachable: %s", e.getMessage());
            HttpForwarder.error(ctx, 503, "Container service unavailable: " + e.getMessage());
        }).onSuccess(instance -> {
            if (instance.isEmpty()) {
                request.resume();
                HttpForwarder.error(ctx, 404, "Failed to fetch instance \"" + name + "\" in project \"" + project
                        + "\": Instance not found");
                return;
            }
            String uri = "/internal/containers/" + new InstanceRef(project, name).containerId() + "/files?path="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8);
            forwarder.send(request, uri).compose(backend -> HttpForwarder.relay(backend, ctx.response()))
                    .onFailure(e -> {
                        LOG.warnf("file request for %s to the executor failed: %s", name, e.getMessage());
                        HttpForwarder.error(ctx, 503, "Host executor unavailable: " + e.getMessage());
                    });
        });
    }

    private static String project(HttpServerRequest request) {
        String p = request.getParam("project");
        return p == null || p.isEmpty() ? InstanceRef.DEFAULT_PROJECT : p;
    }
}
