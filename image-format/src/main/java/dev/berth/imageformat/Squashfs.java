package dev.berth.imageformat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Squashfs root filesystems of split images, through squashfs-tools' {@code unsquashfs}: listing every inode to
 * validate it (devices, symlink targets, size) and unpacking with {@code -d}.
 */
public final class Squashfs {
    private static final byte[] MAGIC = {'h', 's', 'q', 's'};
    private static final String ROOT = "squashfs-root";
    /** {@code -lln}: mode, uid/gid, size (or major, minor), date, time, path [-> target]. */
    private static final Pattern LINE = Pattern.compile(
            "^([-dlcbps])[-rwxsStT]{9} \\d+/\\d+ +(\\d+|\\d+, *\\d+) \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d "
                    + ROOT + "(/.*)?$");
    private static final Pattern MODE = Pattern.compile("[-dlcbps][-rwxsStT]{9} ");
    private static final long TIMEOUT_MINUTES = 30;

    private final String unsquashfs;

    public Squashfs(String unsquashfs) {
        this.unsquashfs = unsquashfs;
    }

    /** Uses {@code unsquashfs} from the PATH. */
    public Squashfs() {
        this("unsquashfs");
    }

    public static boolean isSquashfs(byte[] head) {
        return head.length >= MAGIC.length && head[0] == MAGIC[0] && head[1] == MAGIC[1] && head[2] == MAGIC[2]
                && head[3] == MAGIC[3];
    }

    /** Lists {@code image} and refuses devices, escaping symlinks, and contents beyond the limits. */
    public long validate(Path image, UnpackLimits limits) throws IOException {
        List<String> lines = run(List.of(unsquashfs, "-lln", image.toString()), "Invalid squashfs rootfs").lines()
                .filter(l -> MODE.matcher(l).lookingAt()).toList();
        long bytes = 0;
        long entries = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new ImageFormatException("Invalid squashfs rootfs: cannot read listing line " + line);
            }
            if (++entries > limits.maxEntries()) {
                throw new ImageFormatException("Image has more than " + limits.maxEntries() + " entries");
            }
            char type = m.group(1).charAt(0);
            String rest = m.group(3) == null ? "" : m.group(3).substring(1);
            if (type == 'c' || type == 'b') {
                if (!limits.allowDevices()) {
                    throw new ImageFormatException("Squashfs entry \"" + rest
                            + "\" is a device node, which unprivileged images may not contain");
                }
            } else if (type == 'l') {
                checkSymlink(rest, Long.parseLong(m.group(2)));
            } else if (type == '-') {
                bytes += Long.parseLong(m.group(2));
                if (bytes > limits.maxUnpackedBytes()) {
                    throw new ImageFormatException("Image unpacks to more than " + limits.maxUnpackedBytes()
                            + " bytes (decompression bomb or image too big)");
                }
            }
        }
        if (entries == 0) {
            throw new ImageFormatException("Invalid squashfs rootfs: it lists no entries");
        }
        return bytes;
    }

    /** Unpacks {@code image} into {@code target}, which must not exist yet. */
    public void unpack(Path image, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new IOException(target + " already exists");
        }
        run(List.of(unsquashfs, "-no-progress", "-d", target.toString(), image.toString()),
                "Cannot unpack squashfs rootfs");
    }

    /** The target is the last {@code length} bytes after {@code " -> "}, so a name holding that arrow cannot lie. */
    private static void checkSymlink(String rest, long length) throws ImageFormatException {
        byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
        int arrow = bytes.length - (int) length - 4;
        if (arrow < 1 || !new String(bytes, arrow, 4, StandardCharsets.UTF_8).equals(" -> ")) {
            throw new ImageFormatException("Invalid squashfs rootfs: cannot read symlink " + rest);
        }
        String name = new String(bytes, 0, arrow, StandardCharsets.UTF_8);
        String target = new String(bytes, arrow + 4, (int) length, StandardCharsets.UTF_8);
        if (EntryValidator.escapes(name, target)) {
            throw new ImageFormatException("Symlink \"" + name + "\" points outside the rootfs: \"" + target + "\"");
        }
    }

    private static String run(List<String> command, String failure) throws IOException {
        Path stderr = Files.createTempFile("unsquashfs-", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectError(stderr.toFile()).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException(command.get(0) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
                }
                if (p.exitValue() != 0) {
                    String err = Files.readString(stderr).trim();
                    throw new ImageFormatException(failure + ": " + (err.isEmpty() ? "exit " + p.exitValue() : err));
                }
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
