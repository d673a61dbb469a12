package dev.berth.image.rest;

/** A request the API refuses as malformed (HTTP 400). */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
