package dev.berth.imageformat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Unpacks a validated image tarball into a directory, keeping owners, modes (setuid/setgid/sticky included), mtimes,
 * symlinks, hardlinks, fifos and {@code user.*} extended attributes from PAX headers. Entries are validated by
 * {@link SafeTarReader} before they touch the disk, and nothing is ever written through a symlink.
 */
public final class SafeUnpacker {
    private static final System.Logger LOG = System.getLogger(SafeUnpacker.class.getName());
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String XATTR_PREFIX = "SCHILY.xattr.";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final UnpackLimits limits;

    public SafeUnpacker(UnpackLimits limits) {
        this.limits = limits;
    }

    private record DirAttrs(Path dir, TarArchiveEntry entry) {
    }

    /** Unpacks {@code raw} (any supported compression) into {@code target}, which is created when missing. */
    public TarSummary unpack(InputStream raw, Path target, ArchiveLayout layout) throws IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        List<DirAttrs> dirs = new ArrayList<>();
        int[] skippedXattrs = {0};
        TarSummary summary = new SafeTarReader(layout, limits).read(raw, (entry, path, content) -> {
            if (path.isEmpty()) {
                dirs.add(new DirAttrs(root, entry));
                return;
            }
            Path out = root.resolve(path);
            requireInside(root, out.getParent());
            if (entry.isDirectory()) {
                if (Files.exists(out, NOFOLLOW) && !Files.isDirectory(out, NOFOLLOW)) {
                    Files.delete(out);
                }
                Files.createDirectories(out);
                dirs.add(new DirAttrs(out, entry));
                return;
            }
            Files.deleteIfExists(out);
            if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                chown(out, entry);
                setTimes(out, entry);
                return;
            }
            if (entry.isLink()) {
                Files.createLink(out, root.resolve(EntryValidator.normalise(entry.getLinkName(), "hardlink")));
                return;
            } else if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice()) {
                special(out, entry);
                return;
            } else {
                Files.copy(content, out);
            }
            skippedXattrs[0] += xattrs(out, entry);
            applyAttrs(out, entry);
        });
        // Directories last and deepest first, so a read-only or setgid parent does not get in the way of its children.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            skippedXattrs[0] += xattrs(dirs.get(i).dir(), dirs.get(i).entry());
            applyAttrs(dirs.get(i).dir(), dirs.get(i).entry());
        }
        if (skippedXattrs[0] > 0) {
            LOG.log(Level.WARNING, "unpack into {0}: skipped {1} extended attributes outside the user namespace",
                    target, skippedXattrs[0]);
        }
        return summary;
    }

    /** Defence in depth: the parent must resolve (symlinks followed) inside the target. */
    private static void requireInside(Path root, Path parent) throws IOException {
        Files.createDirectories(parent);
        if (!parent.toRealPath().startsWith(root)) {
            throw new ImageFormatException("Tar entry below " + parent + " would be written outside the target");
        }
    }

    /**
     * Fifos and devices through coreutils: the JDK opens a file to change its attributes, and opening a fifo blocks
     * until a writer appears.
     */
    private static void special(Path out, TarArchiveEntry entry) throws IOException {
        String mode = Integer.toOctalString(entry.getMode() & 07777);
        if (entry.isFIFO()) {
            run("mkfifo", "-m", mode, out.toString());
        } else {
            run("mknod", "-m", mode, out.toString(), entry.isCharacterDevice() ? "c" : "b",
                    Integer.toString(entry.getDevMajor()), Integer.toString(entry.getDevMinor()));
        }
        if (ROOT) {
            run("chown", "-h", entry.getLongUserId() + ":" + entry.getLongGroupId(), out.toString());
        }
        run("touch", "-h", "-m", "-d", "@" + entry.getLastModifiedTime().toInstant().getEpochSecond(),
                out.toString());
    }

    private static void applyAttrs(Path path, TarArchiveEntry entry) throws IOException {
        chown(path, entry);
        // chown clears setuid/setgid, so the mode goes after it; unix:mode keeps all 12 permission bits.
        Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, NOFOLLOW);
        setTimes(path, entry);
    }

    private static void chown(Path path, TarArchiveEntry entry) throws IOException {
        if (ROOT) {
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        }
    }

    private static void setTimes(Path path, TarArchiveEntry entry) throws IOException {
        FileTime mtime = FileTime.from(entry.getLastModifiedTime().toInstant());
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
    }

    /** Sets the {@code user.*} xattrs of a PAX entry; returns how many others it had to skip. */
    private static int xattrs(Path path, TarArchiveEntry entry) throws IOException {
        int skipped = 0;
        UserDefinedFileAttributeView view = null;
        for (Map.Entry<String, String> h : entry.getExtraPaxHeaders().entrySet()) {
            if (!h.getKey().startsWith(XATTR_PREFIX)) {
                continue;
            }
            String name = h.getKey().substring(XATTR_PREFIX.length());
            if (!name.startsWith("user.")) {
                skipped++;
                continue;
            }
            if (view == null) {
                view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, NOFOLLOW);
            }
            view.write(name.substring("user.".length()),
                    ByteBuffer.wrap(h.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return skipped;
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
