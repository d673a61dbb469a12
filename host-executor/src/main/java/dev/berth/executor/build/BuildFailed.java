package dev.berth.executor.build;

/** A build that could not be done; {@code code} is the LXD error code the operation fails with. */
public final class BuildFailed extends RuntimeException {
    private final int code;

    public BuildFailed(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
