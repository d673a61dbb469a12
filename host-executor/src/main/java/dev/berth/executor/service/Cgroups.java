package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.jboss.logging.Logger;

import dev.berth.executor.config.ExecutorPaths;

/** Reads and tidies a container's cgroup v1 directories ({@code <root>/<controller>/berth/<id>}). */
public final class Cgroups {
    private static final Logger LOG = Logger.getLogger(Cgroups.class);

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
