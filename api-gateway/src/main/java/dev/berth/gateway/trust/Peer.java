package dev.berth.gateway.trust;

import java.security.cert.X509Certificate;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, as the trust filter decided it: a local client (Unix socket, loopback HTTP) or a TLS client
 * with or without a trusted certificate.
 */
public record Peer(boolean trusted, String method, String user, X509Certificate certificate) {
    static final String KEY = "berth.peer";

    /** Unix socket and plain loopback HTTP: trusted as root, as LXD trusts its socket. */
    public static final Peer LOCAL = new Peer(true, "unix", "root", null);

    static Peer tls(boolean trusted, String fingerprint, X509Certificate certificate) {
        return new Peer(trusted, "tls", fingerprint == null ? "" : fingerprint, certificate);
    }

    public boolean overTls() {
        return "tls".equals(method);
    }

    /** The peer the filter recorded for this request; local when none was (the filter always runs first). */
    public static Peer of(RoutingContext ctx) {
        Peer peer = ctx == null ? null : ctx.get(KEY);
        return peer == null ? LOCAL : peer;
    }
}
