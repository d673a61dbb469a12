package dev.berth.network.service;

/** A refused network or IPAM request, with its LXD error code (400, 404, 409, 412, 500). */
public final class Refusal extends RuntimeException {
    private final int code;

    public Refusal(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
