package dev.berth.support.http;

import java.util.Locale;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Incus' {@code /sftp} handshake, the same on the gateway and on the executor it relays to. */
public final class SftpUpgrade {
    private SftpUpgrade() {
    }

    /** Whether the request asks to switch to SFTP ({@code Upgrade: sftp}, {@code Connection: Upgrade}). */
    public static boolean requested(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        return upgrade != null && upgrade.trim().equalsIgnoreCase("sftp") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /** Vert.x answers 101 on its own but names no protocol; the Incus client insists on {@code Upgrade: sftp}. */
    public static HttpServerRequest named(HttpServerRequest request) {
        request.response().putHeader(HttpHeaders.UPGRADE, "sftp").putHeader(HttpHeaders.CONNECTION, "Upgrade");
        return request;
    }
}
