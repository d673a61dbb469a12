package dev.berth.executor.storage.volume;

/** A storage pool or volume operation failed; {@link #code()} is the HTTP status LXD would answer with. */
public class VolumeException extends RuntimeException {
    private final int code;

    public VolumeException(int code, String message) {
        super(message);
        this.code = code;
    }

    public VolumeException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** 400 bad request, 404 not found, 409 conflict or 500 internal error. */
    public int code() {
        return code;
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
