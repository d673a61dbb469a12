package dev.berth.network.service;

import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;

/** MAC addresses as LXD makes them: the Xensource OUI {@code 00:16:3e} and three random bytes. */
final class MacAddresses {
    private static final Random RANDOM = new SecureRandom();

    private MacAddresses() {
    }

    /** A fresh LXD-style MAC not in {@code taken}. */
    static String generate(Set<String> taken) {
        while (true) {
            String mac = String.format("00:16:3e:%02x:%02x:%02x", RANDOM.nextInt(256), RANDOM.nextInt(256),
                    RANDOM.nextInt(256));
            if (!taken.contains(mac)) {
                return mac;
            }
        }
    }

    /** A unicast MAC written as six colon-separated hex bytes, in lower case; null when it is not one. */
    static String normalise(String mac) {
        if (mac == null || !mac.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")
                || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            return null;
        }
        return mac.toLowerCase(java.util.Locale.ROOT);
    }
}
