package dev.berth.gateway.proxy;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /1.0/profiles/**} and {@code /1.0/storage-pools/**}: container-service owns profiles (they expand into
 * instance configs) and the pool records, and answers in LXD shape, synchronously as LXD does, so the gateway streams
 * these requests to it unchanged.
 */
@ApplicationScoped
public class ProfileRoutes {
    private static final Logger LOG = Logger.getLogger(ProfileRoutes.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "berth.container-service.url")
    URI containerService;

    private HttpForwarder forwarder;

    void routes(@Observes Router router) {
        forwarder = new HttpForwarder(vertx, containerService.getHost(), containerService.getPort());
        router.routeWithRegex("/1\\.0/(profiles|storage-pools)(/.*)?").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ctx.request().pause();
        forwarder.send(ctx.request()).compose(backend -> HttpForwarder.relay(backend, ctx.response()))
                .onFailure(e -> {
                    LOG.warnf("container-service unreachable: %s", e.getMessage());
                    if (ctx.response().headWritten()) {
                        ctx.response().reset();
                        return;
                    }
                    ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                            .end(Json.write(Response.error(503, "Container service unavailable: " + e.getMessage())));
                });
    }
}
