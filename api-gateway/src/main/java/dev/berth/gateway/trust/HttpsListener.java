package dev.berth.gateway.trust;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The HTTPS listener at {@code core.https_address} ({@code berth.https-address}, off when empty): TLS 1.3 only, the
 * server certificate from {@link ServerCertificate}, client certificates requested but never checked in the handshake
 * (any self-signed one gets through), so {@link TrustFilter} decides against the trust store. It serves the very
 * router the Unix socket and loopback HTTP serve, through Quarkus' own root handler.
 */
@ApplicationScoped
public class HttpsListener {
    private static final Logger LOG = Logger.getLogger(HttpsListener.class);

    @ConfigProperty(name = "berth.https-address")
    Optional<String> address;

    @Inject
    Vertx vertx;

    @Inject
    ServerCertificate certificate;

    private volatile HttpServer server;

    void start(@Observes StartupEvent event) throws Exception {
        if (address.isEmpty() || address.get().isBlank()) {
            return;
        }
        HostPort where = HostPort.parse(address.get());
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(certificate.pem()))
                        .setKeyValue(Buffer.buffer(certificate.keyPem())))
                .setClientAuth(ClientAuth.REQUEST).setTrustOptions(TrustOptions.wrap(ACCEPT_ANY))
                .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(4 << 20)
                .setHost(where.host()).setPort(where.port());
        server = vertx.createHttpServer(options)
                .requestHandler(req -> VertxHttpRecorder.getRootHandler().handle(req))
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("HTTPS (TLS 1.3, client certificates) on %s:%d", where.host(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        HttpServer s = server;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The configured address, empty when HTTPS is off. */
    public String configuredAddress() {
        return address.map(String::trim).orElse("");
    }

    /** The port it really listens on (differs from the configured one only for port 0), or -1 when off. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    /**
     * The {@code host:port} addresses clients can reach it on, as LXD lists them in {@code environment.addresses}
     * and in trust tokens: the configured host, or every interface's address for a wildcard one.
     */
    public List<String> addresses() {
        int port = port();
        if (port < 0) {
            return List.of();
        }
        HostPort where = HostPort.parse(address.get());
        List<String> out = new ArrayList<>();
        try {
            InetAddress bound = InetAddress.getByName(where.host());
            if (!bound.isAnyLocalAddress()) {
                return List.of(HostPort.format(bound.getHostAddress(), port));
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || a.isLoopbackAddress()
                            || (a instanceof Inet6Address && bound instanceof java.net.Inet4Address)) {
                        continue;
                    }
                    out.add(HostPort.format(a.getHostAddress().replaceAll("%.*", ""), port));
                }
            }
        } catch (UnknownHostException | SocketException e) {
            LOG.warnf("cannot list addresses: %s", e.getMessage());
        }
        return out;
    }

    /** A host and port as LXD writes them ({@code [::1]:8443} for IPv6); the port defaults to 8443. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            String s = text.trim();
            String host;
            String port = "8443";
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                host = s.substring(1, close);
                if (s.length() > close + 1 && s.charAt(close + 1) == ':') {
                    port = s.substring(close + 2);
                }
            } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                host = s.substring(0, s.indexOf(':'));
                port = s.substring(s.indexOf(':') + 1);
            } else {
                host = s;
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            try {
                return new HostPort(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("core.https_address: bad port in " + text);
            }
        }

        static String format(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Accepts any client certificate in the handshake: the trust store, not a CA, decides (LXD does the same). */
    private static final TrustManager ACCEPT_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
