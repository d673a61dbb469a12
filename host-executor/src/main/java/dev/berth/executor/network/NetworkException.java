package dev.berth.executor.network;

/** A network, firewall, DHCP or NIC operation failed; {@link #code()} is the HTTP status LXD would answer with. */
public class NetworkException extends RuntimeException {
    private final int code;

    public NetworkException(int code, String message) {
        super(message);
        this.code = code;
    }

    public NetworkException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** 400 bad request, 404 not found, 409 conflict or 500 internal error. */
    public int code() {
        return code;
    }

    static NetworkException badRequest(String message) {
        return new NetworkException(400, message);
    }

    static NetworkException conflict(String message) {
        return new NetworkException(409, message);
    }

    static NetworkException internal(String message) {
        return new NetworkException(500, message);
    }

    static NetworkException internal(String message, Throwable cause) {
        return new NetworkException(500, message, cause);
    }
}
