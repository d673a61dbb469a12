package dev.berth.executor.storage.volume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Validates the names that become path components in a pool, so no name can leave its directory. */
public final class VolumeNames {
    /** A volume is named after its container, {@code <project>_<instance>}: two 63-character names and a '_'. */
    static final int MAX_NAME = 127;
    private static final Pattern IMAGE_KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private VolumeNames() {
    }

    /** Returns {@code name} when it is a valid volume name, else throws a 400. */
    public static String volume(String name) {
        return check("volume", name);
    }

    /** Returns {@code name} when it is a valid storage pool name, else throws a 400. */
    public static String pool(String name) {
        return check("storage pool", name);
    }

    /** Returns {@code name} when it is a valid snapshot name, else throws a 400. */
    public static String snapshot(String name) {
        return check("snapshot", name);
    }

    /** Image keys are fingerprints (64 hex digits), so they get their own, longer limit. */
    public static String imageKey(String key) {
        if (key == null || !IMAGE_KEY.matcher(key).matches() || key.contains("..")) {
            throw VolumeException
                    .badRequest("Invalid image key \"" + key + "\": use 1-128 letters, digits, '.', '_' or '-'");
        }
        return key;
    }

    /** The key of an image known only by its unpacked directory: the SHA-256 of its absolute path. */
    public static String imageKeyOf(Path rootfs) {
        try {
            byte[] path = rootfs.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(path));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String check(String kind, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw VolumeException.badRequest("Invalid " + kind + " name \"" + name + "\": " + problem);
        }
        return name;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_NAME) {
            return "must be at most " + MAX_NAME + " characters";
        }
        if (name.contains("/")) {
            return "must not contain \"/\"";
        }
        if (name.contains("..")) {
            return "must not contain \"..\"";
        }
        // A leading dot is reserved for the pool's own temporary entries, which listings skip.
        if (name.startsWith(".")) {
            return "must not start with \".\"";
        }
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "must not contain whitespace or control characters";
        }
        return null;
    }
}
