package dev.berth.image.domain;

/** No image (or alias) matches what was asked for. */
public class ImageNotFoundException extends RuntimeException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
