package dev.berth.gateway.trust;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Response;
import dev.berth.support.auth.InternalToken;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one authorization check, as a route ahead of every other (RESTEasy, the forwarded collections, raw Vert.x
 * websocket and upgrade routes): a request over TLS is trusted only if its client certificate is in the trust store
 * at that moment (looked up per request, so a deleted certificate is refused on its very next request); an untrusted
 * one may only read {@code /1.0} and present a trust token. The Unix socket (root and its group only, mode 0660) is
 * trusted. Plain loopback HTTP is open to every local user, so it is trusted only with the internal token (which
 * only root can read, {@link InternalToken}); without it, it is as untrusted as a TLS client without a certificate.
 */
@ApplicationScoped
public class TrustFilter {
    private static final Logger LOG = Logger.getLogger(TrustFilter.class);

    /** Before every route the gateway or a helper adds (ServiceRoutes use -100). */
    public static final int ORDER = -1_000_000;
    private static final java.util.regex.Pattern PUBLIC_STREAMS = java.util.regex.Pattern
            .compile(dev.berth.gateway.proxy.ImageRoutes.STREAMS);
    private static final java.util.regex.Pattern OPERATION_WEBSOCKET = java.util.regex.Pattern
            .compile("/1\\.0/operations/[^/]+/websocket");

    @Inject
    CertificateRepository certificates;

    @Inject
    InternalToken internalToken;

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!req.isSSL()) {
            SocketAddress local = req.localAddress();
            if (local != null && local.isDomainSocket()) {
                ctx.put(Peer.KEY, Peer.LOCAL);
                ctx.next();
            } else if (internalToken.matches(req.getHeader(InternalToken.HEADER))) {
                ctx.put(Peer.KEY, Peer.TOKEN);
                ctx.next();
            } else {
                decide(ctx, Peer.HTTP);
            }
            return;
        }
        X509Certificate cert = clientCertificate(req.sslSession());
        if (cert == null) {
            decide(ctx, Peer.tls(false, null, null));
            return;
        }
        String fingerprint = Pem.fingerprint(cert);
        // Quarkus' root handler paused the request, so no body is lost while the store is read off the event loop.
        ctx.vertx().executeBlocking(() -> certificates.trusted(fingerprint), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.errorf("trust store lookup failed: %s", ar.cause().getMessage());
                refuse(ctx, 500, "trust store: " + ar.cause().getMessage());
                return;
            }
            decide(ctx, Peer.tls(ar.result(), fingerprint, cert));
        });
    }

    private void decide(RoutingContext ctx, Peer peer) {
        ctx.put(Peer.KEY, peer);
        if (peer.trusted() || allowedUntrusted(ctx.request().method(), ctx.normalizedPath())
                || peer == Peer.HTTP && isReadiness(ctx.request().method(), ctx.normalizedPath())) {
            ctx.next();
        } else {
            refuse(ctx, 403, "Forbidden");
        }
    }

    /**
     * What LXD lets an untrusted client reach: the server info, adding itself with a trust token, and an operation's
     * websocket, whose {@code secret} is the credential (the route refuses a wrong one with 403; pylxd's ws4py and
     * other clients attach exec websockets without their client certificate); plus the simplestreams view of the
     * public images, which is public by nature.
     */
    static boolean allowedUntrusted(HttpMethod method, String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return p.equals("/") || p.equals("/1.0") || PUBLIC_STREAMS.matcher(p).matches()
                    || method == HttpMethod.GET && OPERATION_WEBSOCKET.matcher(p).matches();
        }
        return method == HttpMethod.POST && p.equals("/1.0/certificates");
    }

    /** What infra/stack-up.sh and probes poll over loopback HTTP: says only whether the gateway is ready. */
    static boolean isReadiness(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD) && path.equals("/internal/ready");
    }

    private static void refuse(RoutingContext ctx, int code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Json.write(Response.error(code, message)));
    }

    private static X509Certificate clientCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate was presented
        }
    }
}
