package dev.berth.imageformat;

import java.io.IOException;

/** An image archive or its metadata is malformed, unsafe or too big; the message names the bad entry or field. */
public class ImageFormatException extends IOException {
    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
