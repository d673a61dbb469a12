package dev.berth.executor.files;

import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * A container's root held open ({@code O_PATH}), and {@code openat2(2)} below it with {@code RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS}: the kernel refuses any {@code ..} above it and any symlink on the way, so a path that
 * {@link ContainerPath} resolved cannot be redirected out of the container by a link swapped in meanwhile. The fds it
 * hands out are reached through {@code /proc/self/fd/N}, a magic link to the very file, so Java's file API and Vert.x
 * can use them by name without resolving the path again.
 */
public final class RootDir implements AutoCloseable {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_NONBLOCK = 04000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_NO_SYMLINKS = 0x04;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final long SYS_OPENAT2 = 437;
    private static final int ELOOP = 40;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int EXDEV = 18;
    private static final int EISDIR = 21;

    private final int fd;

    private RootDir(int fd) {
        this.fd = fd;
    }

    public static RootDir open(Path root) {
        try {
            return new RootDir(LibC.INSTANCE.open(root.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new FileRefused(500, "Cannot open the instance's root " + root + ": " + e.getMessage());
        }
    }

    /** Opens {@code relative} (no symlink anywhere, not even the last component) below the root. */
    public Fd openBeneath(String relative, int flags, int mode, String requested) {
        OpenHow how = new OpenHow();
        how.flags = flags | O_CLOEXEC | O_NOFOLLOW;
        how.mode = (flags & O_CREAT) != 0 ? mode : 0;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        how.write();
        try {
            long opened = LibC.INSTANCE.syscall(SYS_OPENAT2, (long) fd, relative, how, (long) how.size());
            return new Fd((int) opened);
        } catch (LastErrorException e) {
            throw switch (e.getErrorCode()) {
                case ENOENT -> FileRefused.notFound(requested);
                case ELOOP, EXDEV -> FileRefused.badRequest("Path \"" + requested
                        + "\" changed while it was opened (a symbolic link appeared on it)");
                case ENOTDIR -> FileRefused.badRequest("Path \"" + requested + "\": a parent is not a directory");
                case EISDIR -> FileRefused.badRequest("Path \"" + requested + "\" is a directory");
                default -> new FileRefused(500, "Cannot open \"" + requested + "\": " + e.getMessage());
            };
        }
    }

    /** The parent directory of {@code path}, pinned, so its last component can be handled by name. */
    public Fd parentOf(ContainerPath path) {
        return openBeneath(path.parentRelative(), O_PATH | O_DIRECTORY, 0, path.requested());
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }

    /** An open file descriptor, reachable by name at {@link #path()}. */
    public record Fd(int fd) implements AutoCloseable {

        public Path path() {
            return Path.of("/proc/self/fd/" + fd);
        }

        /** A name in this directory, reached through the pinned directory. */
        public Path child(String name) {
            return name.equals(".") ? path() : path().resolve(name);
        }

        @Override
        public void close() {
            LibC.INSTANCE.close(fd);
        }
    }

    /** {@code struct open_how} of linux/openat2.h. */
    @Structure.FieldOrder({"flags", "mode", "resolve"})
    public static class OpenHow extends Structure {
        public long flags;
        public long mode;
        public long resolve;
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        long syscall(long number, Object... args) throws LastErrorException;

        int close(int fd);
    }
}
