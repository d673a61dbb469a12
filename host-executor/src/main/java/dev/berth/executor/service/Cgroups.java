package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

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

    /** A single-number cgroup file such as {@code pids.current}, or empty when it cannot be read. */
    public OptionalLong read(String controller, String containerId, String file) {
        Path path = paths.cgroup(controller, containerId).resolve(file);
        try {
            String text = Files.readString(path).strip();
            return text.equals("max") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
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
