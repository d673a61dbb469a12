package dev.berth.image.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import dev.berth.image.service.UploadRequest;

/**
 * Reads an upload's {@code X-Incus-*} headers, or LXD's and pylxd's {@code X-LXD-*} ones: {@code filename},
 * {@code public}, {@code properties} ({@code k=v&k2=v2}, URL-encoded), {@code aliases} ({@code alias=a&alias=b}) and
 * {@code fingerprint}; plus {@code X-Berth-Operation}, the gateway operation the upload serves.
 */
final class UploadHeaders {
    static final String OPERATION = "X-Berth-Operation";

    private UploadHeaders() {
    }

    static UploadRequest read(HttpHeaders headers) {
        return new UploadRequest(header(headers, "filename"), isTrue(header(headers, "public")),
                properties(header(headers, "properties")), aliases(header(headers, "aliases")),
                header(headers, "fingerprint"), headers.getHeaderString(OPERATION));
    }

    /** {@code X-Incus-<name>}, else {@code X-LXD-<name>}. */
    private static String header(HttpHeaders headers, String name) {
        String incus = headers.getHeaderString("X-Incus-" + name);
        return incus != null ? incus : headers.getHeaderString("X-LXD-" + name);
    }

    /** Go's {@code util.IsTrue}. */
    static boolean isTrue(String value) {
        return value != null && List.of("true", "1", "yes", "on").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> properties(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] kv : pairs(header)) {
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static List<String> aliases(String header) {
        List<String> out = new ArrayList<>();
        for (String[] kv : pairs(header)) {
            if (kv[0].equals("alias") && !kv[1].isEmpty()) {
                out.add(kv[1]);
            }
        }
        return out;
    }

    private static List<String[]> pairs(String query) {
        List<String[]> out = new ArrayList<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(new String[]{decode(key), decode(value)});
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
