package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.berth.executor.config.ExecutorPaths;

/** Reads and tidies a container's cgroup v1 directories ({@code <root>/<controller>/berth/<id>}). */
public final class Cgroups {
    private static final Logger LOG = Logger.getLogger(Cgroups.class);

    /** v1 and v2 files that place processes or threads; LXC's list. */
    private static final List<String> DELEGATED_FILES = List.of("tasks", "cgroup.procs", "cgroup.clone_children",
            "cgroup.threads", "cgroup.subtree_control");

    private final ExecutorPaths paths;

    public Cgroups(ExecutorPaths paths) {
        this.paths = paths;
    }

    /**
     * The figures' files of the containers, kept open and read again from offset 0 ({@code pread}): a cgroup file is
     * a seq_file that renders its value afresh on every read from 0, so a kept file shows the live value, and a
     * listing of hundreds of containers saves an open and a close per file (most of the cost of a read). A removed
     * cgroup's kept file fails (ENODEV) and is dropped; {@link #removeLeftovers} closes a container's files, as a kept
     * file would keep its dead cgroup in memory. Bounded: past {@link #MAX_KEPT} files are opened for each read.
     */
    private final Map<Path, FileChannel> kept = new ConcurrentHashMap<>();
    static final int MAX_KEPT = 4096;

    /** A single-number cgroup file such as {@code pids.current}, or empty when it cannot be read. */
    public OptionalLong read(String controller, String containerId, String file) {
        Path path = paths.cgroup(controller, containerId).resolve(file);
        try {
            String text = readKept(path).strip();
            return text.equals("max") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String readKept(Path path) throws IOException {
        FileChannel channel = kept.get(path);
        if (channel != null) {
            try {
                return readFromStart(channel);
            } catch (IOException e) {
                // the cgroup is gone (ENODEV), or the file was closed by removeLeftovers: open it afresh below
                drop(path, channel);
            }
        }
        channel = FileChannel.open(path);
        String text;
        try {
            text = readFromStart(channel);
        } catch (IOException e) {
            close(channel);
            throw e;
        }
        if (kept.size() >= MAX_KEPT || kept.putIfAbsent(path, channel) != null) {
            close(channel);
        } else if (!Files.isDirectory(path.getParent())) {
            // removed since the open: removeLeftovers runs after the removal, but may have run before the put
            drop(path, channel);
        }
        return text;
    }

    private static String readFromStart(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        long position = 0;
        while (true) {
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            position += n;
            if (!buffer.hasRemaining()) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    private void drop(Path path, FileChannel channel) {
        if (kept.remove(path, channel)) {
            close(channel);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("closing a cgroup file: %s", e.toString());
        }
    }

    /** Closes the kept files of a container's cgroups (they are removed, or about to be). */
    public void forget(String containerId) {
        kept.forEach((path, channel) -> {
            if (path.getParent().getFileName().toString().equals(containerId)) {
                drop(path, channel);
            }
        });
    }

    /** How many cgroup files are kept open (for tests). */
    int keptFiles() {
        return kept.size();
    }

    /**
     * Hands the container's cgroup dirs to its mapped root, as LXC does for unprivileged containers: the dir (so it
     * can make child groups) and the files that move processes, never the limit files it must not raise.
     */
    public void delegate(String containerId, long hostRoot) {
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(paths.cgroupRoot())) {
            for (Path hierarchy : hierarchies) {
                Path dir = hierarchy.resolve(ExecutorPaths.CGROUP_PARENT).resolve(containerId);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                chown(dir, hostRoot);
                for (String file : DELEGATED_FILES) {
                    Path path = dir.resolve(file);
                    if (Files.exists(path)) {
                        chown(path, hostRoot);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delegate the cgroups of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** Lets the container use a device: {@code rule} is a v1 rule such as {@code c 1:5 rwm}. */
    public void allowDevice(String containerId, String rule) {
        writeDevices(containerId, "devices.allow", rule);
    }

    /** Takes a device away from the container again. */
    public void denyDevice(String containerId, String rule) {
        writeDevices(containerId, "devices.deny", rule);
    }

    private void writeDevices(String containerId, String file, String rule) {
        Path path = paths.cgroup("devices", containerId).resolve(file);
        try {
            Files.writeString(path, rule);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rule + " to " + path + ": " + e.getMessage(), e);
        }
    }

    private static void chown(Path path, long id) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) id, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) id, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the (empty) cgroup dirs runc may leave behind, in every hierarchy. */
    public void removeLeftovers(String containerId) {
        forget(containerId);
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(paths.cgroupRoot())) {
            for (Path hierarchy : hierarchies) {
                Path dir = hierarchy.resolve(ExecutorPaths.CGROUP_PARENT).resolve(containerId);
                if (Files.isDirectory(dir)) {
                    try {
                        Files.delete(dir);
                    } catch (IOException e) {
                        LOG.warnf("cannot remove cgroup %s: %s", dir, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", paths.cgroupRoot(), e.toString());
        }
    }

    /** The cgroup dirs that still exist for this container. */
    public long remaining(String containerId) {
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(paths.cgroupRoot())) {
            long n = 0;
            for (Path hierarchy : hierarchies) {
                if (Files.isDirectory(hierarchy.resolve(ExecutorPaths.CGROUP_PARENT).resolve(containerId))) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}
