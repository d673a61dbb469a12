package dev.berth.gateway.trust;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Certificate;
import dev.berth.contracts.lxd.CertificatesPost;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.repository.OperationRepository;
import dev.berth.gateway.rest.LxdException;

/**
 * The trust store's rules, as LXD's {@code certificatesPost} and friends apply them: adding, updating and removing
 * client certificates, and trust tokens (single-use, expiring operations of class {@code token}) that let an
 * untrusted client add its own certificate.
 */
@ApplicationScoped
public class TrustStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CertificateRepository certificates;

    @Inject
    OperationRepository operations;

    @Inject
    ServerCertificate server;

    @Inject
    HttpsListener https;

    @ConfigProperty(name = "berth.trust-token-expiry", defaultValue = "24H")
    Duration tokenExpiry;

    /** What a POST asked for: a certificate added (its fingerprint) or a token operation made. */
    public sealed interface Added {
    }

    public record AddedCertificate(String fingerprint) implements Added {
    }

    public record TokenCreated(Operation operation) implements Added {
    }

    public Added add(CertificatesPost req, Peer peer) {
        if (req == null) {
            throw LxdException.badRequest("No certificate request");
        }
        String type = req.type() == null || req.type().isEmpty() ? "client" : req.type();
        if (!type.equals("client")) {
            throw LxdException.badRequest("Unknown certificate type \"" + type + "\" (only \"client\" is supported)");
        }
        if (!peer.trusted()) {
            return new AddedCertificate(addWithToken(req, peer));
        }
        if (Boolean.TRUE.equals(req.token())) {
            return new TokenCreated(createToken(req));
        }
        X509Certificate cert;
        if (req.certificate() != null && !req.certificate().isBlank()) {
            cert = parse(req.certificate());
        } else if (peer.certificate() != null) {
            cert = peer.certificate(); // a trusted TLS client adding its own certificate, as LXD allows
        } else {
            throw LxdException.badRequest("Can't use TLS data on non-TLS link: give a certificate");
        }
        String name = req.name() == null || req.name().isEmpty() ? commonName(cert) : req.name();
        Certificate c = new Certificate(name, type, Boolean.TRUE.equals(req.restricted()), projects(req.projects()),
                Pem.encode(cert), Pem.fingerprint(cert), req.description() == null ? "" : req.description());
        if (!certificates.insert(c)) {
            throw new LxdException(409, "Certificate already in trust store");
        }
        return new AddedCertificate(c.fingerprint());
    }

    private String addWithToken(CertificatesPost req, Peer peer) {
        String token = req.trustToken() != null && !req.trustToken().isEmpty() ? req.trustToken() : req.password();
        if (token == null || token.isEmpty() || !peer.overTls()) {
            throw new LxdException(403, "Forbidden");
        }
        String secret = secretOf(token);
        Operation op = secret == null ? null : operations.findToken(secret).orElse(null);
        if (op == null) {
            throw new LxdException(403, "Forbidden");
        }
        Map<String, Object> meta = op.metadata();
        if (expired(meta)) {
            operations.finish(op.id(), StatusCode.CANCELLED, "Token expired", meta);
            throw new LxdException(403, "Forbidden");
        }
        X509Certificate cert = req.certificate() != null && !req.certificate().isBlank()
                ? parse(req.certificate())
                : peer.certificate();
        if (cert == null) {
            throw new LxdException(403, "Forbidden");
        }
        String fingerprint = Pem.fingerprint(cert);
        @SuppressWarnings("unchecked")
        Map<String, Object> asked = meta.get("request") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String name = asked.get("name") instanceof String s && !s.isEmpty()
                ? s
                : req.name() != null && !req.name().isEmpty() ? req.name() : commonName(cert);
        @SuppressWarnings("unchecked")
        List<String> projects = asked.get("projects") instanceof List<?> l ? (List<String>) l : List.of();
        Certificate c = new Certificate(name, "client", Boolean.TRUE.equals(asked.get("restricted")),
                projects(projects), Pem.encode(cert), fingerprint, "");
        // the UPDATE that ends the operation succeeds once: a token raced by two clients adds one certificate
        if (!operations.finish(op.id(), StatusCode.CANCELLED, "", meta)) {
            throw new LxdException(403, "Forbidden");
        }
        if (!certificates.insert(c)) {
            throw new LxdException(409, "Certificate already in trust store");
        }
        return fingerprint;
    }

    private Operation createToken(CertificatesPost req) {
        if (req.name() == null || req.name().isBlank()) {
            throw LxdException.badRequest("A trust token needs a name");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", req.name());
        request.put("type", "client");
        request.put("restricted", Boolean.TRUE.equals(req.restricted()));
        request.put("projects", projects(req.projects()));
        request.put("certificate", "");
        request.put("token", true);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("request", request);
        meta.put("secret", HexFormat.of().formatHex(raw));
        meta.put("fingerprint", server.fingerprint());
        meta.put("addresses", https.addresses());
        meta.put("expiresAt", DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(tokenExpiry)));
        Instant now = Instant.now();
        Operation op = new Operation(UUID.randomUUID().toString(), "token", "Executing operation", now, now,
                StatusCode.RUNNING.text(), StatusCode.RUNNING.code(), Map.of(), meta, true, "", "none");
        operations.insert(op, "default");
        return op;
    }

    /** The secret inside a token: base64 of the JSON {@code CertificateAddToken}; null when it is not one. */
    static String secretOf(String token) {
        String t = token.trim();
        for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                Map<?, ?> json = Json.MAPPER.readValue(new String(decoder.decode(t), StandardCharsets.UTF_8),
                        Map.class);
                return json.get("secret") instanceof String s && !s.isEmpty() ? s : null;
            } catch (IllegalArgumentException | JsonProcessingException e) {
                // try the next alphabet
            }
        }
        return null;
    }

    private static boolean expired(Map<String, Object> meta) {
        if (!(meta.get("expiresAt") instanceof String at) || at.isEmpty()) {
            return false;
        }
        try {
            return Instant.parse(at).isBefore(Instant.now());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    public List<Certificate> list() {
        return certificates.list();
    }

    /** One certificate by its fingerprint or a unique prefix of it. */
    public Certificate get(String prefix) {
        if (prefix == null || prefix.isEmpty() || !prefix.matches("[0-9a-fA-F]+")) {
            throw LxdException.notFound("Certificate not found");
        }
        List<Certificate> found = certificates.byPrefix(prefix.toLowerCase());
        if (found.isEmpty()) {
            throw LxdException.notFound("Certificate not found");
        }
        if (found.size() > 1) {
            throw LxdException.badRequest("More than one certificate matches " + prefix);
        }
        return found.get(0);
    }

    /**
     * Replaces a certificate's fields ({@code PUT}); fields left out keep their value for {@code PATCH}. A new PEM
     * replaces the certificate itself, and with it the fingerprint.
     */
    public Certificate update(String prefix, CertificatesPost req, boolean patch) {
        Certificate old = get(prefix);
        if (req == null) {
            throw LxdException.badRequest("No certificate given");
        }
        String type = req.type() == null || req.type().isEmpty() ? (patch ? old.type() : "client") : req.type();
        if (!type.equals("client")) {
            throw LxdException.badRequest("Unknown certificate type \"" + type + "\" (only \"client\" is supported)");
        }
        String name = req.name() != null ? req.name() : patch ? old.name() : "";
        if (name.isEmpty()) {
            throw LxdException.badRequest("Certificate name must not be empty");
        }
        boolean restricted = req.restricted() != null ? req.restricted() : patch && old.restricted();
        List<String> projects = req.projects() != null ? projects(req.projects()) : patch ? old.projects() : List.of();
        String description = req.description() != null ? req.description() : patch ? old.description() : "";
        String pem = old.certificate();
        String fingerprint = old.fingerprint();
        if (req.certificate() != null && !req.certificate().isBlank()) {
            X509Certificate cert = parse(req.certificate());
            pem = Pem.encode(cert);
            fingerprint = Pem.fingerprint(cert);
        }
        Certificate updated = new Certificate(name, type, restricted, projects, pem, fingerprint, description);
        if (fingerprint.equals(old.fingerprint())) {
            certificates.update(updated);
        } else {
            if (!certificates.insert(updated)) {
                throw new LxdException(409, "Certificate already in trust store");
            }
            certificates.delete(old.fingerprint());
        }
        return updated;
    }

    public void delete(String prefix) {
        Certificate c = get(prefix);
        if (!certificates.delete(c.fingerprint())) {
            throw LxdException.notFound("Certificate not found");
        }
    }

    private static X509Certificate parse(String text) {
        try {
            return Pem.parse(text);
        } catch (CertificateException | RuntimeException e) {
            throw LxdException.badRequest("Invalid certificate: " + e.getMessage());
        }
    }

    private static List<String> projects(List<String> projects) {
        return projects == null ? List.of() : new ArrayList<>(projects);
    }

    private static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return "";
    }

}
