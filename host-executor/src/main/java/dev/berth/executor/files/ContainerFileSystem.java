package dev.berth.executor.files;

import java.util.Map;

import org.apache.sshd.common.file.root.RootedFileSystem;

/**
 * A container's root as a {@link java.nio.file.FileSystem}, for MINA's SFTP subsystem: {@code /} is the container's
 * root, and every operation goes through {@link ContainerFileSystemProvider}, which resolves paths as the container
 * would and stores owners in the container's id map.
 */
public final class ContainerFileSystem extends RootedFileSystem {
    private final FilesRoot files;

    ContainerFileSystem(ContainerFileSystemProvider provider, FilesRoot files) {
        super(provider, files.root(), Map.of());
        this.files = files;
    }

    /** The container's root on the host and the id map its files are stored in. */
    public FilesRoot files() {
        return files;
    }
}
