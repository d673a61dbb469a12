package dev.berth.executor.image;

/** An image could not be fetched, verified or unpacked. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
