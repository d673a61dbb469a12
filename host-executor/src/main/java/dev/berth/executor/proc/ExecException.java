package dev.berth.executor.proc;

/** An external command failed, timed out or could not be started. */
public class ExecException extends RuntimeException {
    public ExecException(String message) {
        super(message);
    }

    public ExecException(String message, Throwable cause) {
        super(message, cause);
    }
}
