package dev.berth.executor.config;

/**
 * The internal token's header value and the one origin it may go to (image-service, which the executor downloads
 * blobs from and uploads published images to), so an image URL naming another server never receives it.
 */
public record InternalAuth(String origin, String authorization) {
    public static final InternalAuth NONE = new InternalAuth(null, null);

    public InternalAuth {
        origin = origin == null ? null : origin.replaceAll("/+$", "") + "/";
    }

    /** The {@code Authorization} value for a call to {@code url}, or null when it is not image-service's. */
    public String headerFor(String url) {
        return authorization != null && origin != null && url != null && url.startsWith(origin) ? authorization : null;
    }
}
