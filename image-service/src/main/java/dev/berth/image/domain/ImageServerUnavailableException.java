package dev.berth.image.domain;

/** A remote image server could not be reached or did not answer like one (HTTP 503). */
public class ImageServerUnavailableException extends RuntimeException {
    public ImageServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
