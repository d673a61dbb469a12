package dev.berth.gateway.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.Response;
import dev.berth.gateway.service.Operations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /1.0/images/**}: image-service owns the image store and answers in LXD shape, so the gateway streams these
 * requests to it unchanged. Uploads and deletes are async in LXD, so their synchronous answers come back wrapped in a
 * finished operation; publishing from an instance goes through Kafka instead.
 */
@ApplicationScoped
public class ImageRoutes {
    private static final Logger LOG = Logger.getLogger(ImageRoutes.class);
    private static final String IMAGES = "/1.0/images";
    private static final long MAX_JSON_BODY = 1 << 20;

    @Inject
    Vertx vertx;
    @Inject
    Operations operations;
    @Inject
    PublishRequests publish;
    @Inject
    BuildRequests builds;

    @ConfigProperty(name = "berth.image-service.url")
    URI imageService;

    private HttpForwarder forwarder;

    void routes(@Observes Router router) {
        forwarder = new HttpForwarder(vertx, imageService.getHost(), imageService.getPort());
        router.routeWithRegex("/1\\.0/images(/.*)?").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String path = request.path();
        if (request.method() == HttpMethod.POST && path.equals(IMAGES)) {
            String type = request.getHeader("Content-Type");
            if (type != null && type.startsWith("application/json")) {
                jsonPost(ctx);
            } else {
                wrapped(ctx, forwarder.send(request), "Downloading image");
            }
        } else if (request.method() == HttpMethod.DELETE && isImage(path)) {
            wrapped(ctx, forwarder.send(request), "Deleting image");
        } else {
            forwarder.forward(ctx, "Image service");
        }
    }

    /** A JSON {@code POST /1.0/images}: publishing an instance, or a source image-service handles itself. */
    private void jsonPost(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.resume();
        request.body().onFailure(e -> unavailable(ctx, e)).onSuccess(body -> {
            if (body.length() > MAX_JSON_BODY) {
                error(ctx, 400, "Request body too large");
                return;
            }
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(body.getBytes());
            } catch (java.io.IOException e) {
                error(ctx, 400, "Invalid JSON: " + e.getMessage());
                return;
            }
            String sourceType = json.path("source").path("type").asText("");
            if (sourceType.equals(BuildRequests.SOURCE_TYPE)) {
                vertx.executeBlocking(() -> builds.start(json, project(request)), false)
                        .onSuccess(op -> accepted(ctx, op))
                        .onFailure(e -> failure(ctx, e));
            } else if (PublishRequests.SOURCE_TYPES.contains(sourceType)) {
                vertx.executeBlocking(() -> publish.start(json, project(request)), false)
                        .onSuccess(op -> accepted(ctx, op))
                        .onFailure(e -> failure(ctx, e));
            } else {
                wrapped(ctx, forwarder.send(request, body), "Downloading image");
            }
        });
    }

    /** Turns image-service's synchronous success into a finished LXD operation; passes errors through as they are. */
    private void wrapped(RoutingContext ctx, Future<HttpClientResponse> reply, String description) {
        String path = ctx.request().path();
        String project = project(ctx.request());
        reply.compose(backend -> backend.body().map(body -> new Object[]{backend.statusCode(), body}))
                .onFailure(e -> unavailable(ctx, e)).onSuccess(r -> {
                    int status = (Integer) r[0];
                    Buffer body = (Buffer) r[1];
                    if (status >= 300) {
                        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                                .end(body);
                        return;
                    }
                    vertx.executeBlocking(() -> record(description, project, path, body), false)
                            .onSuccess(op -> accepted(ctx, op)).onFailure(e -> failure(ctx, e));
                });
    }

    private Operation record(String description, String project, String path, Buffer body) throws Exception {
        JsonNode metadata = Json.MAPPER.readTree(body.getBytes()).path("metadata");
        String fingerprint = metadata.path("fingerprint").asText("");
        String resource = fingerprint.isEmpty() ? path : IMAGES + "/" + fingerprint;
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = metadata.isObject() ? Json.MAPPER.convertValue(metadata, Map.class) : null;
        return operations.succeeded(description, project, Map.of("images", List.of(resource)), meta);
    }

    private static void accepted(RoutingContext ctx, Operation op) {
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                .putHeader("Location", op.url()).end(Json.write(Response.async(op)));
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof dev.berth.gateway.rest.LxdException lxd) {
            error(ctx, lxd.code(), lxd.getMessage());
        } else {
            LOG.error("image request failed", e);
            error(ctx, 500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void unavailable(RoutingContext ctx, Throwable e) {
        LOG.warnf("image-service unreachable: %s", e.getMessage());
        error(ctx, 503, "Image service unavailable: " + e.getMessage());
    }

    private static void error(RoutingContext ctx, int code, String message) {
        HttpForwarder.error(ctx, code, message);
    }

    private static boolean isImage(String path) {
        String rest = path.startsWith(IMAGES + "/") ? path.substring(IMAGES.length() + 1) : "";
        return !rest.isEmpty() && !rest.contains("/") && !rest.equals("aliases");
    }

    private static String project(HttpServerRequest request) {
        String p = request.getParam("project");
        return p == null || p.isEmpty() ? "default" : p;
    }
}
