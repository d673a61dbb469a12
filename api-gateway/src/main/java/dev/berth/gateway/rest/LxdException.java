package dev.berth.gateway.rest;

/** A request that fails with an LXD error envelope: {@code code} is both the HTTP status and {@code error_code}. */
public class LxdException extends RuntimeException {
    private final int code;

    public LxdException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LxdException badRequest(String message) {
        return new LxdException(400, message);
    }

    public static LxdException notFound(String message) {
        return new LxdException(404, message);
    }
}
