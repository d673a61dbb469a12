package dev.berth.imageformat;

/** What a tarball holds, which decides the root that its symlinks and hardlinks must stay inside. */
public enum ArchiveLayout {
    /** A unified image: {@code metadata.yaml}, {@code templates/} and {@code rootfs/}. */
    UNIFIED,
    /** The metadata half of a split image: {@code metadata.yaml} and {@code templates/}. */
    METADATA,
    /** The rootfs half of a split image: the root filesystem itself. */
    ROOTFS;

    /** The directory (archive path, "" for the archive root) that {@code path} belongs to. */
    String rootOf(String path) {
        if (this == UNIFIED) {
            for (String dir : new String[]{"rootfs", "templates"}) {
                if (path.equals(dir) || path.startsWith(dir + "/")) {
                    return dir;
                }
            }
        }
        return "";
    }
}
