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
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.service.Operations;
import dev.berth.support.auth.InternalToken;
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
    /**
     * The public images as a simplestreams server (image-service's index, products and item files), so any Berth's
     * HTTPS address is an image remote: {@code incus remote add x https://HOST:8443 --protocol simplestreams}.
     */
    public static final String STREAMS = "/streams/v1/(index|images)\\.json|/images/[0-9a-f]{64}/[^/]+";
    private static final long MAX_JSON_BODY = 1 << 20;
    /** Tells image-service which operation its events belong to (image-service's {@code UploadHeaders.OPERATION}). */
    private static final String OPERATION_HEADER = "X-Berth-Operation";

    @Inject
    InternalToken internalToken;
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
        forwarder = new HttpForwarder(vertx, imageService.getHost(), imageService.getPort(), internalToken.header());
        router.routeWithRegex("/1\\.0/images(/.*)?").order(-100).handler(this::handle);
        router.routeWithRegex(STREAMS).order(-100).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            ctx.request().pause();
            forwarder.forward(ctx, "Image service");
        });
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
            } else if (sourceType.equals("image")) {
                copy(ctx, body);
            } else {
                wrapped(ctx, forwarder.send(request, body), "Downloading image");
            }
        });
    }

    /**
     * {@code incus image copy REMOTE:IMAGE local:}: image-service pulls the image from the simplestreams server while
     * the client waits on the operation, which ends with the image's {@code fingerprint} and {@code size}.
     */
    private void copy(RoutingContext ctx, Buffer body) {
        HttpServerRequest request = ctx.request();
        String project = project(request);
        vertx.executeBlocking(() -> operations.start("Downloading image", project, Map.of("images", List.of())), false)
                .onFailure(e -> failure(ctx, e)).onSuccess(op -> {
                    Future<Reply> reply = forwarder.send(request, body, Map.of(OPERATION_HEADER, op.id()))
                            .compose(backend -> backend.body().map(b -> new Reply(backend.statusCode(), b)));
                    accepted(ctx, op);
                    reply.onComplete(r -> vertx.executeBlocking(() -> {
                        finishCopy(op.id(), r);
                        return null;
                    }, false).onFailure(e -> LOG.errorf(e, "image copy %s: cannot finish its operation", op.id())));
                });
    }

    private record Reply(int status, Buffer body) {
    }

    /** Ends the copy's operation with image-service's answer; whatever that answer is, the operation ends. */
    private void finishCopy(String id, io.vertx.core.AsyncResult<Reply> result) {
        if (result.failed()) {
            operations.finish(id, StatusCode.FAILURE, "Image service unavailable: " + result.cause().getMessage(),
                    null);
            return;
        }
        Reply reply = result.result();
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(reply.body().getBytes());
        } catch (java.io.IOException e) {
            operations.finish(id, StatusCode.FAILURE, "image-service answered HTTP " + reply.status()
                    + " with no LXD response: " + e.getMessage(), null);
            return;
        }
        if (reply.status() >= 300) {
            operations.finish(id, StatusCode.FAILURE,
                    answer.path("error").asText("image-service: HTTP " + reply.status()), null);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = Json.MAPPER.convertValue(answer.path("metadata"), Map.class);
        operations.finish(id, StatusCode.SUCCESS, "", metadata);
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
