package dev.berth.executor.storage.volume;

import java.nio.file.Path;

/**
 * What the container manager mounts as an instance's root: one directory, or the three directories of an overlay.
 * On-disk ownership is never shifted (uid 0 is 0); the manager adds idmapped mounts on top.
 */
public sealed interface Layers {

    /** The instance's root is this directory (dir and btrfs pools). */
    record Single(Path dir) implements Layers {
    }

    /** The instance's root is an overlay of the read-only image over the instance's own upper dir. */
    record Overlay(Path lower, Path upper, Path work) implements Layers {
    }
}
