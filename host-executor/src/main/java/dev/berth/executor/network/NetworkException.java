package dev.berth.executor.network;

import dev.berth.executor.CodedFailure;

/** A network, firewall, DHCP or NIC operation failed; {@link #code()} is the HTTP status LXD would answer with. */
public class NetworkException extends CodedFailure {

    public NetworkException(int code, String message) {
        super(code, message);
    }

    public NetworkException(int code, String message, Throwable cause) {
        super(code, message, cause);
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
