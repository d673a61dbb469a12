package dev.berth.executor;

/**
 * A failure that carries the HTTP status LXD would answer with (400, 404, 409; 500 for an internal error). Every
 * executor refusal (a command, a build, a storage pool or volume, a network) is one, so a host command's failure
 * takes its code from one place: {@link #commandCode}.
 */
public abstract class CodedFailure extends RuntimeException {
    private final int code;

    protected CodedFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    protected CodedFailure(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code a HostCommandFailed carries for {@code e}: its own below 500, else 0 (internal). */
    public static int commandCode(Throwable e) {
        return e instanceof CodedFailure f && f.code() > 0 && f.code() < 500 ? f.code() : 0;
    }
}
