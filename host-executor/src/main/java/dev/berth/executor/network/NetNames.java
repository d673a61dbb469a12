package dev.berth.executor.network;

import java.util.regex.Pattern;

/**
 * Checks the names that end up inside {@code ip -batch} and {@code nft -f} scripts, where a space, a quote or a
 * newline would change what the script does; everything is refused except what Linux and LXD accept anyway.
 */
public final class NetNames {
    /** IFNAMSIZ - 1; LXD refuses longer network names for the same reason. */
    public static final int MAX_INTERFACE = 15;
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    private NetNames() {
    }

    /** Returns {@code name} when it is a valid interface name. */
    public static String iface(String what, String name) {
        if (name == null || !INTERFACE.matcher(name).matches()) {
            throw NetworkException.badRequest(what + " must be 1-" + MAX_INTERFACE
                    + " characters of letters, digits, '_', '.' and '-': " + name);
        }
        return name;
    }

    public static String domain(String domain) {
        if (domain == null || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
            throw NetworkException.badRequest("invalid dns.domain: " + domain);
        }
        return domain;
    }

    public static String hostname(String name) {
        if (name == null || !HOST.matcher(name).matches()) {
            throw NetworkException.badRequest("invalid host name (one DNS label): " + name);
        }
        return name;
    }

    /** Returns the MAC in lower case, the way the kernel and dnsmasq print it. */
    public static String mac(String what, String mac) {
        String lower = mac == null ? "" : mac.toLowerCase(java.util.Locale.ROOT);
        if (!MAC.matcher(lower).matches()) {
            throw NetworkException.badRequest("invalid " + what + ": " + mac);
        }
        return lower;
    }
}
