package dev.berth.executor.exec;

/** An exec the executor will not run or attach to; {@code code} is the HTTP status the gateway passes on. */
public class ExecRefused extends RuntimeException {
    private final int code;

    public ExecRefused(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
