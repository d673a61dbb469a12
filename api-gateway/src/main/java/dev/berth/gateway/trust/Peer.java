package dev.berth.gateway.trust;

import java.security.cert.X509Certificate;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, as the trust filter decided it: a local client (the Unix socket, or loopback HTTP with the
 * internal token), a plain HTTP client without it, or a TLS client with or without a trusted certificate.
 */
public record Peer(boolean trusted, String method, String user, X509Certificate certificate) {
    static final String KEY = "berth.peer";

    /** The Unix socket: trusted as root, as LXD trusts its socket. */
    public static final Peer LOCAL = new Peer(true, "unix", "root", null);

    /** Plain loopback HTTP with the internal token (only root can read it): trusted as root too. */
    public static final Peer TOKEN = new Peer(true, "token", "root", null);

    /** Plain HTTP without the token: anyone on the host; untrusted, as a TLS client without a certificate. */
    public static final Peer HTTP = new Peer(false, "http", "", null);

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
