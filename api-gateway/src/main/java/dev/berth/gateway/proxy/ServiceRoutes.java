package dev.berth.gateway.proxy;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.support.auth.InternalToken;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The collections another service owns and answers in LXD shape, synchronously as LXD does, so the gateway streams
 * their requests to it unchanged: {@code /1.0/profiles/**} and {@code /1.0/storage-pools/**} to container-service
 * (profiles expand into instance configs, pools hold their root disks), {@code /1.0/networks/**} to network-service.
 */
@ApplicationScoped
public class ServiceRoutes {

    @Inject
    InternalToken internalToken;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "berth.container-service.url")
    URI containerService;

    @ConfigProperty(name = "berth.network-service.url")
    URI networkService;

    void routes(@Observes Router router) {
        HttpForwarder containers = new HttpForwarder(vertx, containerService.getHost(), containerService.getPort(),
                internalToken.header());
        router.routeWithRegex("/1\\.0/(profiles|storage-pools)(/.*)?").order(-100).handler(ctx -> {
            ctx.request().pause();
            containers.forward(ctx, "Container service");
        });
        HttpForwarder networks = new HttpForwarder(vertx, networkService.getHost(), networkService.getPort(),
                internalToken.header());
        router.routeWithRegex("/1\\.0/networks(/.*)?").order(-100).handler(ctx -> {
            ctx.request().pause();
            networks.forward(ctx, "Network service");
        });
    }
}
