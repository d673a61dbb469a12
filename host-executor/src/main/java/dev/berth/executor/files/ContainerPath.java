package dev.berth.executor.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a container, resolved against the container's root on the host one component at a time without
 * following anything: {@code ..} never climbs above the root and symlinks are expanded by hand, absolute targets
 * re-rooted at the container's root. A request or a link that would climb above the root is refused (400) rather than
 * clamped, so a client learns its path is wrong. The result names no symlink (except maybe its last component), so the
 * actual open can insist on that ({@link RootDir}) and a container swapping a directory for a link in between gets an
 * error, never the host's files.
 *
 * @param requested the path as the client sent it, for messages
 * @param components the canonical components below the root; empty for the root itself
 * @param exists whether the last component exists
 */
public record ContainerPath(String requested, List<String> components, boolean exists) {
    /** Linux's MAXSYMLINKS. */
    static final int MAX_LINKS = 40;

    /**
     * Resolves {@code requested} (in the container; a relative path is taken from the root, as LXD's forkfile does,
     * and the stock {@code lxc file pull} sends one) below {@code root}. A missing last component is fine
     * ({@link #exists()} false: a file about to be created); a missing or non-directory parent is a 404 or 400.
     *
     * @param followLast whether a symlink as the last component is followed (writing a file) or kept (reading a
     *     link, deleting it)
     */
    public static ContainerPath resolve(Path root, String requested, boolean followLast) {
        if (requested == null || requested.isEmpty()) {
            throw FileRefused.badRequest("Missing path: the query parameter path is required");
        }
        if (requested.indexOf('\0') >= 0) {
            throw FileRefused.badRequest("Path \"" + requested.replace('\0', '?') + "\" contains a NUL byte");
        }
        Deque<String> pending = new ArrayDeque<>(split(requested));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (name.equals("..")) {
                if (done.isEmpty()) {
                    throw escapes(requested);
                }
                done.remove(done.size() - 1);
                continue;
            }
            Path host = host(root, done).resolve(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (pending.isEmpty()) {
                    done.add(name);
                    return new ContainerPath(requested, List.copyOf(done), false);
                }
                throw FileRefused.notFound(requested);
            } catch (IOException e) {
                throw new FileRefused(500, "Cannot look up \"" + requested + "\": " + e.getMessage());
            }
            if (attrs.isSymbolicLink() && (followLast || !pending.isEmpty())) {
                if (++links > MAX_LINKS) {
                    throw FileRefused.badRequest("Path \"" + requested + "\": too many levels of symbolic links");
                }
                String target = readLink(host, requested);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.push(parts.get(i));
                }
                continue;
            }
            if (!attrs.isDirectory() && !attrs.isSymbolicLink() && !pending.isEmpty()) {
                throw FileRefused.badRequest("Path \"" + requested + "\": \"/" + String.join("/", done)
                        + (done.isEmpty() ? "" : "/") + name + "\" is not a directory");
            }
            done.add(name);
        }
        return new ContainerPath(requested, List.copyOf(done), true);
    }

    /** The path inside the container, canonical: {@code /} for the root. */
    public String inContainer() {
        return "/" + String.join("/", components);
    }

    /** Relative to the root, {@code .} for the root itself: what {@code openat2} below the root takes. */
    public String relative() {
        return components.isEmpty() ? "." : String.join("/", components);
    }

    /** The parent's components, relative to the root ({@code .} for the root). */
    public String parentRelative() {
        return components.size() <= 1 ? "." : String.join("/", components.subList(0, components.size() - 1));
    }

    /** The last component; {@code .} for the root. */
    public String name() {
        return components.isEmpty() ? "." : components.get(components.size() - 1);
    }

    public boolean isRoot() {
        return components.isEmpty();
    }

    private static Path host(Path root, List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static String readLink(Path link, String requested) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new FileRefused(500, "Cannot read a link on \"" + requested + "\": " + e.getMessage());
        }
    }

    private static FileRefused escapes(String requested) {
        return FileRefused.badRequest("Path \"" + requested + "\" is outside the instance");
    }
}
