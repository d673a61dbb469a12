package dev.berth.executor.files;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The {@code X-LXD-*} / {@code X-Incus-*} headers of a file push: owner and mode as the container sees them (absent:
 * unset, so a new entry gets LXD's defaults and an existing one keeps its own), the entry type and the write mode.
 */
public record FileHeaders(OptionalLong uid, OptionalLong gid, OptionalInt mode, Type type, boolean append) {

    /** What {@code X-*-Type} names. */
    public enum Type {
        FILE,
        DIRECTORY,
        SYMLINK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The mode a new file gets without {@code X-*-Mode}, as in LXD. */
    public static final int DEFAULT_FILE_MODE = 0644;
    /** The mode a new directory gets without {@code X-*-Mode}. */
    public static final int DEFAULT_DIR_MODE = 0755;

    /** Parses the headers; {@code header} looks one up case-insensitively (null when absent). */
    public static FileHeaders parse(Function<String, String> header) {
        OptionalLong uid = id(header, "uid");
        OptionalLong gid = id(header, "gid");
        OptionalInt mode = mode(header);
        String type = value(header, "type");
        Type t = switch (type == null ? "file" : type.toLowerCase(Locale.ROOT)) {
            case "file" -> Type.FILE;
            case "directory" -> Type.DIRECTORY;
            case "symlink" -> Type.SYMLINK;
            default -> throw FileRefused.badRequest("Invalid X-LXD-type \"" + type
                    + "\": must be file, directory or symlink");
        };
        String write = value(header, "write");
        boolean append = switch (write == null ? "overwrite" : write.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> false;
            case "append" -> true;
            default -> throw FileRefused.badRequest("Invalid X-LXD-write \"" + write
                    + "\": must be overwrite or append");
        };
        return new FileHeaders(uid, gid, mode, t, append);
    }

    /** {@code X-LXD-<name>}, else {@code X-Incus-<name>}; empty counts as absent. */
    static String value(Function<String, String> header, String name) {
        for (String prefix : new String[]{"X-LXD-", "X-Incus-"}) {
            String v = header.apply(prefix + name);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** An id; -1 (what LXD clients send for "not set") counts as absent, as does an empty header. */
    private static OptionalLong id(Function<String, String> header, String name) {
        String v = value(header, name);
        if (v == null) {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw FileRefused.badRequest("Invalid X-LXD-" + name + " \"" + v + "\": not a number");
        }
        if (id == -1) {
            return OptionalLong.empty();
        }
        if (id < 0 || id > 0xFFFFFFFEL) {
            throw FileRefused.badRequest("Invalid X-LXD-" + name + " \"" + v + "\": out of range");
        }
        return OptionalLong.of(id);
    }

    /** An octal mode such as {@code 0644} ({@code 0o644} and {@code 644} read as octal too); -1 is absent. */
    private static OptionalInt mode(Function<String, String> header) {
        String v = value(header, "mode");
        if (v == null || v.equals("-1")) {
            return OptionalInt.empty();
        }
        String digits = v.startsWith("0o") || v.startsWith("0O") ? v.substring(2) : v;
        try {
            int mode = Integer.parseInt(digits, 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(mode);
        } catch (NumberFormatException e) {
            throw FileRefused.badRequest("Invalid X-LXD-mode \"" + v + "\": must be an octal mode such as 0644");
        }
    }
}
