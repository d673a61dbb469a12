package dev.berth.imageformat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks each tar entry of an image before anything is written: no absolute names, no {@code ..}, no entry below a
 * symlink, symlinks and hardlinks that stay inside their root ({@code rootfs/} for a unified image), no devices in
 * unprivileged images, and the size and count limits.
 */
final class EntryValidator {
    private enum Kind {
        DIRECTORY,
        FILE,
        SYMLINK,
        OTHER
    }

    private final ArchiveLayout layout;
    private final UnpackLimits limits;
    private final Map<String, Kind> seen = new HashMap<>();
    private long entries;
    private long contentBytes;

    EntryValidator(ArchiveLayout layout, UnpackLimits limits) {
        this.layout = layout;
        this.limits = limits;
    }

    long contentBytes() {
        return contentBytes;
    }

    long entries() {
        return entries;
    }

    boolean contains(String path) {
        return seen.containsKey(path);
    }

    /** Validates {@code entry} and returns its normalised path ("" for the archive root itself). */
    String validate(TarArchiveEntry entry) throws ImageFormatException {
        String name = entry.getName();
        String path = normalise(name, "entry");
        if (++entries > limits.maxEntries()) {
            throw new ImageFormatException("Image has more than " + limits.maxEntries() + " entries");
        }
        requireNoSymlinkParent(path, name);
        Kind kind = kind(entry, name, path);
        if (kind != Kind.DIRECTORY && seen.get(path) == Kind.DIRECTORY) {
            throw new ImageFormatException("Tar entry " + quote(name) + " replaces a directory");
        }
        if (entry.isFile() && !entry.isLink()) {
            contentBytes += entry.getRealSize();
            if (contentBytes > limits.maxUnpackedBytes()) {
                throw new ImageFormatException("Image unpacks to more than " + limits.maxUnpackedBytes()
                        + " bytes (decompression bomb or image too big)");
            }
        }
        if (!path.isEmpty()) {
            seen.put(path, kind);
        }
        return path;
    }

    private Kind kind(TarArchiveEntry entry, String name, String path) throws ImageFormatException {
        if (entry.isDirectory()) {
            return Kind.DIRECTORY;
        }
        if (path.isEmpty()) {
            throw new ImageFormatException("Tar entry " + quote(name) + " is not a directory but names the root");
        }
        if (entry.isSymbolicLink()) {
            checkSymlink(name, path, entry.getLinkName());
            return Kind.SYMLINK;
        }
        if (entry.isLink()) {
            checkHardlink(name, path, entry.getLinkName());
            return Kind.FILE;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            if (!limits.allowDevices()) {
                throw new ImageFormatException("Tar entry " + quote(name)
                        + " is a device node, which unprivileged images may not contain");
            }
            return Kind.OTHER;
        }
        if (entry.isFIFO()) {
            return Kind.OTHER;
        }
        if (entry.isFile()) {
            return Kind.FILE;
        }
        throw new ImageFormatException(
                "Tar entry " + quote(name) + " has an unsupported type '" + (char) entry.getLinkFlag() + "'");
    }

    /** Strips {@code ./} and duplicate slashes; refuses absolute names and any {@code ..} component. */
    static String normalise(String name, String what) throws ImageFormatException {
        if (name == null || name.isEmpty()) {
            throw new ImageFormatException("Tar " + what + " has an empty name");
        }
        if (name.startsWith("/")) {
            throw new ImageFormatException("Tar " + what + " " + quote(name) + " is an absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new ImageFormatException("Tar " + what + " " + quote(name) + " contains a NUL byte");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new ImageFormatException(
                        "Tar " + what + " " + quote(name) + " contains '..' (path traversal)");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    private void requireNoSymlinkParent(String path, String name) throws ImageFormatException {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (seen.get(path.substring(0, slash)) == Kind.SYMLINK) {
                throw new ImageFormatException("Tar entry " + quote(name) + " lies below the symlink "
                        + quote(path.substring(0, slash)));
            }
        }
    }

    /**
     * An absolute target resolves against the entry's root (as inside the container), so it cannot leave it; a
     * relative one must not climb above that root.
     */
    private void checkSymlink(String name, String path, String target) throws ImageFormatException {
        if (target == null || target.isEmpty()) {
            throw new ImageFormatException("Symlink " + quote(name) + " has an empty target");
        }
        if (target.indexOf('\0') >= 0) {
            throw new ImageFormatException("Symlink " + quote(name) + " has a target containing a NUL byte");
        }
        String root = layout.rootOf(path);
        String relative = root.isEmpty() ? path : path.substring(Math.min(path.length(), root.length() + 1));
        if (escapes(relative, target)) {
            throw new ImageFormatException("Symlink " + quote(name) + " points outside "
                    + (root.isEmpty() ? "the archive" : root + "/") + ": " + quote(target));
        }
    }

    /** Whether a relative symlink at {@code path} (relative to its root) climbs above that root. */
    static boolean escapes(String path, String target) {
        if (target.startsWith("/")) {
            return false;
        }
        Deque<String> dir = new ArrayDeque<>();
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir.addLast(parts[i]);
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (dir.isEmpty()) {
                    return true;
                }
                dir.removeLast();
            } else {
                dir.addLast(part);
            }
        }
        return false;
    }

    private void checkHardlink(String name, String path, String target) throws ImageFormatException {
        String linked = normalise(target, "hardlink target of " + quote(name) + ":");
        if (!layout.rootOf(linked).equals(layout.rootOf(path))) {
            throw new ImageFormatException("Hardlink " + quote(name) + " points outside "
                    + (layout.rootOf(path).isEmpty() ? "the archive" : layout.rootOf(path) + "/") + ": "
                    + quote(target));
        }
        Kind kind = seen.get(linked);
        if (kind == null || kind == Kind.DIRECTORY) {
            throw new ImageFormatException("Hardlink " + quote(name) + " points to " + quote(target)
                    + ", which is not an earlier file of the archive");
        }
        requireNoSymlinkParent(linked, target);
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
