package dev.berth.support.auth;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, with LXD's 403 envelope, every request to an internal service that does not carry the
 * {@link InternalToken}, ahead of every route (REST, websocket and upgrade routes alike). Only reads of
 * {@code berth.internal-auth.public-paths} (readiness, and image-service's public simplestreams view) pass without
 * it. The gateway, which has its own trust filter for clients, turns it off ({@code berth.internal-auth.guard}).
 */
@ApplicationScoped
public class InternalGuard {
    public static final int ORDER = -1_000_000;

    @Inject
    InternalToken token;

    @ConfigProperty(name = "berth.internal-auth.guard", defaultValue = "true")
    boolean guard;

    @ConfigProperty(name = "berth.internal-auth.public-paths", defaultValue = "/internal/ready")
    String publicPaths;

    void routes(@Observes Router router) {
        if (guard) {
            Pattern open = Pattern.compile(publicPaths);
            router.route().order(ORDER).handler(ctx -> check(ctx, open));
        }
    }

    private void check(RoutingContext ctx, Pattern open) {
        HttpMethod method = ctx.request().method();
        if (token.matches(ctx.request().getHeader(InternalToken.HEADER))
                || (method == HttpMethod.GET || method == HttpMethod.HEAD)
                        && open.matcher(ctx.normalizedPath()).matches()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(Json.write(Response.error(403, "Forbidden: internal endpoint, missing or wrong internal token")));
    }
}
