package dev.berth.executor.service;

/** A host command the node refuses or cannot complete; {@code code} is the LXD error code its operation fails with. */
public final class CommandRefused extends RuntimeException {
    private final int code;

    public CommandRefused(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
