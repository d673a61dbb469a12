package dev.berth.gateway.rest;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The random secrets a websocket operation hands out, one per fd, as LXD makes them (32 bytes, hex). */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
