package dev.berth.image.domain;

/** An {@code If-Match} ETag no longer matches (HTTP 412). */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
