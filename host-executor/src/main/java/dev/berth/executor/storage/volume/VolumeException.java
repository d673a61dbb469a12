package dev.berth.executor.storage.volume;

import dev.berth.executor.CodedFailure;

/** A storage pool or volume operation failed; {@link #code()} is the HTTP status LXD would answer with. */
public class VolumeException extends CodedFailure {

    public VolumeException(int code, String message) {
        super(code, message);
    }

    public VolumeException(int code, String message, Throwable cause) {
        super(code, message, cause);
    }

    static VolumeException badRequest(String message) {
        return new VolumeException(400, message);
    }

    static VolumeException notFound(String message) {
        return new VolumeException(404, message);
    }

    static VolumeException conflict(String message) {
        return new VolumeException(409, message);
    }

    static VolumeException internal(String message) {
        return new VolumeException(500, message);
    }

    static VolumeException internal(String message, Throwable cause) {
        return new VolumeException(500, message, cause);
    }
}
