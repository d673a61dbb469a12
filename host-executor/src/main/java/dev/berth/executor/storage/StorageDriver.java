package dev.berth.executor.storage;

import java.nio.file.Path;

/** Makes a container's writable root filesystem out of a read-only image rootfs. */
public interface StorageDriver {

    String name();

    /** Mounts the container root at {@code target}; {@code upper} and {@code work} hold its own changes. */
    void mount(Path lower, Path upper, Path work, Path target);

    /** A read-only view of {@code lowers} stacked (first on top) at {@code target}, to read a snapshot through. */
    void mountReadOnly(java.util.List<Path> lowers, Path target);

    /** Bind-mounts the directory {@code source} at {@code target}; a no-op when something is mounted there. */
    void bind(Path source, Path target);

    /** Unmounts {@code target}; a no-op when nothing is mounted there. */
    void unmount(Path target);

    boolean isMounted(Path target);
}
