package dev.berth.image.rest;

import java.nio.charset.StandardCharsets;

/** The LXD URLs of images and aliases; alias names are escaped as one path segment ({@code debian%2F12}). */
public final class LxdUrls {
    private static final String SEGMENT_SAFE = "-._~!$&'()*+,;=:@";

    private LxdUrls() {
    }

    public static String image(String fingerprint) {
        return "/1.0/images/" + fingerprint;
    }

    public static String alias(String name) {
        return "/1.0/images/aliases/" + segment(name);
    }

    /** Percent-encodes everything but unreserved and segment-safe characters, as Go's url.PathEscape does. */
    static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || SEGMENT_SAFE.indexOf(ch) >= 0) {
                out.append(ch);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
