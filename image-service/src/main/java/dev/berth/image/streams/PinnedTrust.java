package dev.berth.image.streams;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.berth.image.domain.InvalidRequestException;

/**
 * TLS that trusts one certificate, as LXD's client does with the server certificate a remote was added with: a
 * server presenting exactly that certificate is trusted whatever name it is reached by (self-signed servers are
 * reached by address), and otherwise its chain must lead to that certificate as a CA, host name checked.
 */
final class PinnedTrust {
    private PinnedTrust() {
    }

    /** An SSL context trusting only {@code pem}; a 400 if it is not a certificate. */
    static SSLContext context(String pem) {
        X509Certificate pinned = parse(pem);
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("pinned", pinned);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            X509ExtendedTrustManager chained = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new Manager(pinned, chained)}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidRequestException("Invalid source.certificate: not a PEM certificate", e);
        }
    }

    private static final class Manager extends X509ExtendedTrustManager {
        private final X509Certificate pinned;
        private final X509ExtendedTrustManager chained;

        Manager(X509Certificate pinned, X509ExtendedTrustManager chained) {
            this.pinned = pinned;
            this.chained = chained;
        }

        private boolean isPinned(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(pinned)) {
                return false;
            }
            pinned.checkValidity();
            return true;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[]{pinned};
        }
    }
}
