package dev.berth.image.domain;

/** The image or alias being created already exists (HTTP 409). */
public class ImageConflictException extends RuntimeException {
    public ImageConflictException(String message) {
        super(message);
    }
}
