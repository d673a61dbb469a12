package dev.berth.image.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for image fingerprints: 64 lower-case hex digits, looked up by any unique prefix. */
public final class Fingerprints {
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{1,64}");

    private Fingerprints() {
    }

    /** The normalised prefix, or empty when it cannot be the start of any fingerprint. */
    public static Optional<String> prefix(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String p = raw.trim().toLowerCase(Locale.ROOT);
        return PREFIX.matcher(p).matches() ? Optional.of(p) : Optional.empty();
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
