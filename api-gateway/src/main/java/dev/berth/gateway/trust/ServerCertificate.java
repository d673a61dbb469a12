package dev.berth.gateway.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The server's TLS identity, as LXD keeps it: {@code server.crt} and {@code server.key} in the state dir, a
 * self-signed EC P-384 pair made on the first start and reused after.
 */
@ApplicationScoped
public class ServerCertificate {
    private static final Logger LOG = Logger.getLogger(ServerCertificate.class);

    @ConfigProperty(name = "berth.state-dir")
    Path stateDir;

    private String certificatePem;
    private String keyPem;
    private String fingerprint;

    @PostConstruct
    void load() {
        Path crt = stateDir.resolve("server.crt");
        Path key = stateDir.resolve("server.key");
        try {
            if (!Files.exists(crt) || !Files.exists(key)) {
                generate(crt, key);
            }
            certificatePem = Files.readString(crt);
            keyPem = Files.readString(key);
            X509Certificate cert = Pem.parse(certificatePem);
            fingerprint = Pem.fingerprint(cert);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("server certificate in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Path crt, Path key) throws IOException {
        Files.createDirectories(crt.getParent());
        Pem.SelfSigned pair = Pem.selfSigned("root@" + Pem.serverHosts().get(0), Pem.serverHosts(), true);
        // written under temporary names and renamed, so a crash never leaves a certificate without its key
        Path tmpKey = key.resolveSibling(key.getFileName() + ".tmp");
        Files.writeString(tmpKey, Pem.encodeKey(pair.keys().getPrivate()));
        Files.setPosixFilePermissions(tmpKey, PosixFilePermissions.fromString("rw-------"));
        Path tmpCrt = crt.resolveSibling(crt.getFileName() + ".tmp");
        Files.writeString(tmpCrt, Pem.encode(pair.certificate()));
        Files.move(tmpKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCrt, crt, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("generated the server certificate %s", crt);
    }

    public String pem() {
        return certificatePem;
    }

    public String keyPem() {
        return keyPem;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
