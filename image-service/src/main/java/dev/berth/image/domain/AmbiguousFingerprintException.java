package dev.berth.image.domain;

/** A fingerprint prefix matches more than one image. */
public class AmbiguousFingerprintException extends RuntimeException {
    public AmbiguousFingerprintException(String prefix) {
        super("Image fingerprint prefix is ambiguous");
    }
}
