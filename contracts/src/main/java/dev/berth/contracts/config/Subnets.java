package dev.berth.contracts.config;

import java.util.Collection;
import java.util.Optional;
import java.util.Random;

/**
 * IPv4 addresses and subnets as plain ints: strict parsing, overlap checks, and the choice of a free
 * {@code 10.x.y.0/24} for {@code ipv4.address=auto}. Pure functions; the caller gathers what is taken.
 */
public final class Subnets {
    /** Random picks tried before a full scan of the 65536 candidates. */
    private static final int RANDOM_TRIES = 256;

    private Subnets() {
    }

    /**
     * An IPv4 address with a prefix length; {@code address} keeps its host part (10.0.0.1/24 is the gateway 10.0.0.1
     * of subnet 10.0.0.0/24).
     */
    public record Cidr(int address, int prefix) {

        public Cidr {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix length " + prefix + " is not between 0 and 32");
            }
        }

        /** Parses {@code a.b.c.d/n}; a bare address is a /32. Throws IllegalArgumentException saying what is wrong. */
        public static Cidr parse(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("empty CIDR");
            }
            int slash = text.indexOf('/');
            if (slash < 0) {
                return new Cidr(parseAddress(text), 32);
            }
            int address = parseAddress(text.substring(0, slash));
            String len = text.substring(slash + 1);
            if (!len.matches("[0-9]{1,2}")) {
                throw new IllegalArgumentException("\"" + text + "\" has no valid prefix length after '/'");
            }
            int prefix = Integer.parseInt(len);
            if (prefix > 32) {
                throw new IllegalArgumentException("\"" + text + "\" has a prefix length above 32");
            }
            return new Cidr(address, prefix);
        }

        public int mask() {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        public int network() {
            return address & mask();
        }

        public int broadcast() {
            return network() | ~mask();
        }

        /** The subnet itself, host part cleared. */
        public Cidr subnet() {
            return new Cidr(network(), prefix);
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public boolean contains(int ip) {
            return (ip & mask()) == network();
        }

        public boolean overlaps(Cidr other) {
            int common = Math.min(prefix, other.prefix);
            int m = common == 0 ? 0 : -1 << (32 - common);
            return (address & m) == (other.address & m);
        }

        /** The address with its host part and prefix length, as LXD stores {@code ipv4.address}. */
        @Override
        public String toString() {
            return format(address) + "/" + prefix;
        }
    }

    /** An inclusive address range such as one entry of {@code ipv4.dhcp.ranges}. */
    public record Range(int first, int last) {

        /** Parses {@code a-b}; throws IllegalArgumentException when either end is no address or b is below a. */
        public static Range parse(String text) {
            String[] ends = text.strip().split("-", -1);
            if (ends.length != 2) {
                throw new IllegalArgumentException("\"" + text.strip() + "\" is not a range \"first-last\"");
            }
            Range r = new Range(parseAddress(ends[0].strip()), parseAddress(ends[1].strip()));
            if (Integer.compareUnsigned(r.first, r.last) > 0) {
                throw new IllegalArgumentException("range \"" + text.strip() + "\" ends before it starts");
            }
            return r;
        }

        public boolean contains(int ip) {
            return Integer.compareUnsigned(ip, first) >= 0 && Integer.compareUnsigned(ip, last) <= 0;
        }

        public long size() {
            return Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1;
        }

        @Override
        public String toString() {
            return format(first) + "-" + format(last);
        }
    }

    /** Parses a dotted quad strictly: four decimal parts 0-255 without leading zeros (as Go's net.ParseIP). */
    public static int parseAddress(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        int out = 0;
        for (String p : parts) {
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            out = out << 8 | Integer.parseInt(p);
        }
        return out;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255);
    }

    /** The dotted netmask of a prefix length, as LXD reports it in network state. */
    public static String netmask(int prefix) {
        return format(new Cidr(0, prefix).mask());
    }

    /** Whether {@code candidate} overlaps any of {@code taken}; default routes (/0) are ignored. */
    public static Optional<Cidr> firstOverlap(Cidr candidate, Collection<Cidr> taken) {
        return taken.stream().filter(t -> t.prefix() > 0 && t.overlaps(candidate)).findFirst();
    }

    /**
     * Picks a {@code 10.x.y.1/24} whose subnet overlaps none of {@code taken} (the host's addresses and routes and
     * the other networks' subnets; default routes are ignored). The same seed and the same taken list give the same
     * answer; random picks first, so that networks made on different hosts rarely collide, then a scan.
     */
    public static Optional<Cidr> chooseAuto(Collection<Cidr> taken, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < RANDOM_TRIES; i++) {
            Cidr candidate = candidate(random.nextInt(1 << 16));
            if (firstOverlap(candidate, taken).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        int start = random.nextInt(1 << 16);
        for (int i = 0; i < 1 << 16; i++) {
            Cidr candidate = candidate((start + i) & 0xffff);
            if (firstOverlap(candidate, taken).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Cidr candidate(int xy) {
        return new Cidr(10 << 24 | xy << 8 | 1, 24);
    }
}
