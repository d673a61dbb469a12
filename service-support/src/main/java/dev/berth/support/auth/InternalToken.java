package dev.berth.support.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The secret the services share to call each other's internal endpoints, sent as {@code Authorization: Bearer}.
 * It is {@code berth.internal-token} ({@code BERTH_INTERNAL_TOKEN}, e.g. from a Kubernetes Secret) when set, else
 * the content of {@code $BERTH_STATE_DIR/internal.token}, which the first service to start on a node makes (root's,
 * mode 0600): only root on the node, as on LXD's socket, can read it.
 */
@ApplicationScoped
public class InternalToken {
    private static final Logger LOG = Logger.getLogger(InternalToken.class);
    public static final String HEADER = "Authorization";
    public static final String FILE = "internal.token";
    private static final String SCHEME = "Bearer ";

    @ConfigProperty(name = "berth.internal-token")
    Optional<String> configured;

    @ConfigProperty(name = "berth.state-dir", defaultValue = "/var/lib/berth")
    String stateDir;

    private volatile String token;

    @PostConstruct
    void init() {
        token = configured.map(String::strip).filter(t -> !t.isEmpty())
                .orElseGet(() -> readOrCreate(Path.of(stateDir).resolve(FILE)));
    }

    /** A holder of {@code token} outside CDI (plain-Java callers and tests). */
    public static InternalToken of(String token) {
        InternalToken t = new InternalToken();
        t.token = token;
        return t;
    }

    /** The value of the {@link #HEADER} an internal call carries. */
    public String header() {
        return SCHEME + token;
    }

    /** Whether {@code header} (an {@link #HEADER} value, may be null) carries the token; constant time. */
    public boolean matches(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token in {@code file}, made first if there is none: written whole to a private temporary file, then
     * linked into place, which fails if another service won the race; either way every service reads the same one.
     */
    public static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".internal.token", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    byte[] secret = new byte[32];
                    new SecureRandom().nextBytes(secret);
                    Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n");
                    Files.createLink(file, tmp);
                    LOG.infof("made the internal token %s", file);
                } catch (FileAlreadyExistsException raced) {
                    // another service made it first: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException(file + " is empty: remove it (it is made again) or set "
                        + "BERTH_INTERNAL_TOKEN");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("internal token " + file + ": " + e.getMessage(), e);
        }
    }
}
