package dev.berth.cli.http;

import java.util.Optional;

import dev.berth.contracts.lxd.Operation;

/**
 * An LXD API error: an {@code error} envelope, a failed or cancelled operation, or an unexpected HTTP answer.
 * {@link #getMessage()} is the server's error text, as {@code incus} prints it after {@code Error: }.
 */
public class LxdException extends RuntimeException {
    private final int errorCode;
    private final transient Operation operation;

    public LxdException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public LxdException(int errorCode, String message, Operation operation) {
        super(message);
        this.errorCode = errorCode;
        this.operation = operation;
    }

    /** The envelope's {@code error_code} (an HTTP status), or the operation's status code when it failed. */
    public int errorCode() {
        return errorCode;
    }

    /** The failed operation, when the error came from one. */
    public Optional<Operation> operation() {
        return Optional.ofNullable(operation);
    }

    public boolean isNotFound() {
        return errorCode == 404;
    }
}
