package dev.berth.executor.network;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 address with its prefix length, as LXD writes {@code ipv4.address} ({@code 10.23.5.1/24}): the host's
 * address on the bridge and the subnet in one value.
 */
public record Ipv4Cidr(int address, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw NetworkException.badRequest("IPv4 prefix length must be 0-32: " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; anything else is a 400 naming the text. */
    public static Ipv4Cidr parse(String text) {
        Matcher m = CIDR.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw NetworkException.badRequest("invalid IPv4 CIDR: " + text);
        }
        return new Ipv4Cidr(octets(m, text), Integer.parseInt(m.group(5)));
    }

    /** Parses a plain {@code a.b.c.d} into its 32 bits. */
    public static int parseAddress(String text) {
        Matcher m = ADDRESS.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw NetworkException.badRequest("invalid IPv4 address: " + text);
        }
        return octets(m, text);
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    private static int octets(Matcher m, String text) {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw NetworkException.badRequest("invalid IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The address alone, {@code 10.23.5.1}. */
    public String host() {
        return format(address);
    }

    /** The subnet, {@code 10.23.5.0/24}. */
    public Ipv4Cidr subnet() {
        return new Ipv4Cidr(address & mask(), prefix);
    }

    /** The dotted netmask dnsmasq wants in a range, {@code 255.255.255.0}. */
    public String netmask() {
        return format(mask());
    }

    public boolean contains(int other) {
        return (other & mask()) == (address & mask());
    }

    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        int m = shorter == 0 ? 0 : -1 << (32 - shorter);
        return (address & m) == (other.address & m);
    }

    /** The address at {@code offset} inside the subnet ({@code 1} is {@code .1} in a /24). */
    public int at(int offset) {
        return (address & mask()) + offset;
    }

    @Override
    public String toString() {
        return host() + "/" + prefix;
    }
}
