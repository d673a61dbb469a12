package dev.berth.imageformat;

/**
 * What an archive may contain before it is refused.
 *
 * @param maxUnpackedBytes the most bytes the archive may expand to (tar stream or file contents, whichever is larger):
 *        the defence against decompression bombs
 * @param maxEntries the most entries it may hold
 * @param allowDevices whether character and block devices are accepted (only privileged images need them)
 */
public record UnpackLimits(long maxUnpackedBytes, long maxEntries, boolean allowDevices) {

    /** 64 GiB and two million entries, no devices. */
    public static final UnpackLimits DEFAULT = new UnpackLimits(64L << 30, 2_000_000, false);

    public UnpackLimits {
        if (maxUnpackedBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public UnpackLimits withMaxUnpackedBytes(long bytes) {
        return new UnpackLimits(bytes, maxEntries, allowDevices);
    }
}
