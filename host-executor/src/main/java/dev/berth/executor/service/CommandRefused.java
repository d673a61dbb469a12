package dev.berth.executor.publish;

/** A publish that could not be completed; {@code code} is the LXD error code the operation fails with. */
public final class PublishFailed extends RuntimeException {
    private final int code;

    public PublishFailed(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
