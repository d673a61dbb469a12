package dev.berth.contracts.config;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MAC addresses as LXD makes them, the Xensource OUI {@code 00:16:3e} and three random bytes, and the one check of a
 * user's {@code hwaddr}: every service generates and validates them here.
 */
public final class MacAddresses {
    private static final Random RANDOM = new SecureRandom();
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    private MacAddresses() {
    }

    /** A fresh LXD-style MAC. */
    public static String random() {
        return String.format("00:16:3e:%02x:%02x:%02x", RANDOM.nextInt(256), RANDOM.nextInt(256),
                RANDOM.nextInt(256));
    }

    /** A fresh LXD-style MAC not in {@code taken}. */
    public static String generate(Set<String> taken) {
        while (true) {
            String mac = random();
            if (!taken.contains(mac)) {
                return mac;
            }
        }
    }

    /** A unicast MAC written as six colon-separated hex bytes, in lower case; null when it is not one. */
    public static String normalise(String mac) {
        if (mac == null || !MAC.matcher(mac).matches() || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            return null;
        }
        return mac.toLowerCase(Locale.ROOT);
    }
}
