package dev.berth.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * LXD's legacy aliases: {@code /1.0/containers} and everything under it is served by what serves
 * {@code /1.0/instances} (pylxd before 2.3.9, hence nova-lxd, speaks only {@code /1.0/containers}). The request is
 * rerouted before any other route sees it, so every instance endpoint (state, snapshots, exec, files, console, logs,
 * ...) has its alias without a line of its own. As in LXD, only the bare list answers in the alias's own terms
 * ({@code /1.0/containers/NAME}); see {@link #collection}.
 */
@ApplicationScoped
public class LegacyAliases {
    static final String ALIAS = "/1.0/containers";
    static final String INSTANCES = "/1.0/instances";
    /** Set on a rerouted request: the collection name its URLs use ({@code containers}). */
    public static final String COLLECTION = "berth.instances-collection";

    void routes(@Observes Router router) {
        router.routeWithRegex("/1\\.0/containers(/.*)?").order(-1000).handler(LegacyAliases::reroute);
    }

    private static void reroute(RoutingContext ctx) {
        String uri = ctx.request().uri();
        // the raw URI keeps the client's percent-encoding and query string
        int at = uri.indexOf(ALIAS);
        ctx.put(COLLECTION, "containers");
        ctx.reroute(uri.substring(0, at) + INSTANCES + uri.substring(at + ALIAS.length()));
    }

    /** {@code instances}, or the alias's collection name when the request came in through it. */
    public static String collection(RoutingContext ctx) {
        Object alias = ctx == null ? null : ctx.get(COLLECTION);
        return alias == null ? "instances" : alias.toString();
    }
}
