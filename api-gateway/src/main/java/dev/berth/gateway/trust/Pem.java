package dev.berth.gateway.trust;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 helpers in LXD's terms: PEM in and out, SHA-256 fingerprints, self-signed EC P-384 certificates. */
public final class Pem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private Pem() {
    }

    /** A self-signed certificate and its key, as {@code shared.GenerateMemCert} makes them (10 years, P-384). */
    public record SelfSigned(X509Certificate certificate, KeyPair keys) {
    }

    /**
     * Makes a self-signed EC P-384 certificate for {@code commonName}; {@code hosts} become its subject alternative
     * names (IP addresses as such, the rest as DNS names); a server certificate is for serverAuth, a client one for
     * clientAuth.
     */
    public static SelfSigned selfSigned(String commonName, List<String> hosts, boolean server) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair keys = gen.generateKeyPair();
            X500Name subject = new X500Name("O=Berth,CN=" + commonName.replace(",", "\\,"));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(isIp(host)
                        ? new GeneralName(GeneralName.iPAddress, host)
                        : new GeneralName(GeneralName.dNSName, host));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(keys.getPrivate())));
            return new SelfSigned(cert, keys);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate a certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** The LXD fingerprint: lower-case hex SHA-256 of the DER encoding. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(X509Certificate cert) {
        try {
            return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded()) + "\n"
                    + END + "\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encodeKey(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * Parses one certificate from PEM, or from the bare base64 body pylxd sends (its PEM without the BEGIN and END
     * lines).
     */
    public static X509Certificate parse(String text) throws CertificateException {
        String body = text.trim();
        if (body.contains(BEGIN)) {
            int end = body.indexOf(END);
            if (end < 0) {
                throw new CertificateException("no END CERTIFICATE line");
            }
            body = body.substring(body.indexOf(BEGIN) + BEGIN.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new CertificateException("not base64: " + e.getMessage());
        }
        if (der.length == 0) {
            throw new CertificateException("empty certificate");
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** The loopback and host names a server certificate names, as LXD's {@code GenerateMemCert(false, true)}. */
    public static List<String> serverHosts() {
        List<String> hosts = new ArrayList<>();
        try {
            hosts.add(InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            hosts.add("localhost");
        }
        hosts.add("127.0.0.1");
        hosts.add("::1");
        return hosts;
    }
}
