package dev.berth.executor.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

import dev.berth.contracts.config.IdMap;

/**
 * Idmapped bind mounts ({@code open_tree} + {@code mount_setattr(MOUNT_ATTR_IDMAP)} + {@code move_mount}): an
 * unshifted, root-owned tree appears owned by the container's host range, so images and root disks never need a
 * chown, and setuid bits, file capabilities and ACLs stay as they are.
 *
 * <p>The kernel takes the mapping from a user namespace fd. One helper namespace per map is made once (a short-lived
 * {@code unshare --user} process whose maps the executor writes) and its fd is kept open for the executor's life.
 */
public final class IdmappedMounts {
    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_RECURSIVE = 0x8000;
    private static final int OPEN_TREE_CLONE = 1;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_RDONLY = 0;
    private static final long MOUNT_ATTR_IDMAP = 0x00100000L;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x00000004;

    private final IdMap map;
    private int usernsFd = -1;

    public IdmappedMounts(IdMap map) {
        this.map = map;
    }

    public IdMap map() {
        return map;
    }

    /** Bind-mounts {@code source} at {@code target} (an existing dir) with ids shifted by the map. */
    public synchronized void mount(Path source, Path target) {
        int userns = userns();
        int tree;
        try {
            tree = LibC.INSTANCE.open_tree(AT_FDCWD, source.toString(), OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
        } catch (LastErrorException e) {
            throw new IllegalStateException("open_tree " + source + ": " + e.getMessage(), e);
        }
        try {
            MountAttr attr = new MountAttr();
            attr.attr_set = MOUNT_ATTR_IDMAP;
            attr.userns_fd = userns;
            attr.write();
            LibC.INSTANCE.mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, attr, attr.size());
            LibC.INSTANCE.move_mount(tree, "", AT_FDCWD, target.toString(), MOVE_MOUNT_F_EMPTY_PATH);
        } catch (LastErrorException e) {
            throw new IllegalStateException("idmapped mount of " + source + " on " + target + ": " + e.getMessage(), e);
        } finally {
            LibC.INSTANCE.close(tree);
        }
    }

    /** The helper namespace's fd, made on first use. */
    private int userns() {
        if (usernsFd >= 0) {
            return usernsFd;
        }
        Process holder;
        try {
            holder = new ProcessBuilder("unshare", "--user", "sleep", "30").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start unshare: " + e.getMessage(), e);
        }
        try {
            Path proc = Path.of("/proc", Long.toString(holder.pid()));
            awaitOwnNamespace(proc, holder);
            String line = "0 " + map.hostBase() + " " + map.size() + "\n";
            Files.writeString(proc.resolve("uid_map"), line);
            Files.writeString(proc.resolve("gid_map"), line);
            usernsFd = LibC.INSTANCE.open(proc.resolve("ns/user").toString(), O_RDONLY | O_CLOEXEC);
            return usernsFd;
        } catch (IOException | LastErrorException e) {
            throw new IllegalStateException("cannot make the user namespace for " + map + ": " + e.getMessage(), e);
        } finally {
            holder.destroyForcibly();
            try {
                holder.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** unshare execs sleep only after it has entered the new namespace; until then /proc/pid/ns/user is ours. */
    private static void awaitOwnNamespace(Path proc, Process holder) throws IOException {
        Path self = Path.of("/proc/self/ns/user");
        String ours = Files.readSymbolicLink(self).toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!holder.isAlive()) {
                throw new IOException("unshare --user exited with " + holder.exitValue());
            }
            try {
                if (!Files.readSymbolicLink(proc.resolve("ns/user")).toString().equals(ours)
                        && List.of(Files.readString(proc.resolve("comm")).strip()).contains("sleep")) {
                    return;
                }
            } catch (IOException e) {
                // the process is between fork and exec
            }
            Thread.onSpinWait();
        }
        throw new IOException("unshare --user did not enter its namespace within 5 s");
    }

    /** {@code struct mount_attr} of linux/mount.h. */
    @Structure.FieldOrder({"attr_set", "attr_clr", "propagation", "userns_fd"})
    public static class MountAttr extends Structure {
        public long attr_set;
        public long attr_clr;
        public long propagation;
        public long userns_fd;
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open_tree(int dirfd, String path, int flags) throws LastErrorException;

        int mount_setattr(int dirfd, String path, int flags, MountAttr attr, int size) throws LastErrorException;

        int move_mount(int fromDirfd, String fromPath, int toDirfd, String toPath, int flags)
                throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int close(int fd);
    }
}
