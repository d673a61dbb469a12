package dev.berth.contracts.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.config.Subnets.Range;

/**
 * The name and config keys of a managed {@code bridge} network, validated as LXD does: each refusal is a
 * {@link ConfigException} whose key is the config key (or {@code name}, {@code type}) at fault. An empty value means
 * the key is unset, as in LXD.
 */
public final class NetworkConfig {
    public static final String BRIDGE = "bridge";
    public static final String IPV4_ADDRESS = "ipv4.address";
    public static final String IPV4_NAT = "ipv4.nat";
    public static final String IPV4_DHCP = "ipv4.dhcp";
    public static final String IPV4_DHCP_RANGES = "ipv4.dhcp.ranges";
    public static final String IPV6_ADDRESS = "ipv6.address";
    public static final String DNS_DOMAIN = "dns.domain";
    public static final String BRIDGE_MTU = "bridge.mtu";
    public static final String BRIDGE_HWADDR = "bridge.hwaddr";
    public static final String AUTO = "auto";
    public static final String NONE = "none";
    public static final Set<String> KEYS = Set.of(IPV4_ADDRESS, IPV4_NAT, IPV4_DHCP, IPV4_DHCP_RANGES, IPV6_ADDRESS,
            DNS_DOMAIN, BRIDGE_MTU, BRIDGE_HWADDR);
    /** The smallest and largest subnets a bridge may have: room for a gateway and hosts, and a bounded search. */
    public static final int MIN_PREFIX = 8;
    public static final int MAX_PREFIX = 30;
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "off");

    private NetworkConfig() {
    }

    /** A Linux interface name, since the network's bridge carries it: 1 to 15 characters. */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ConfigException("name", "Missing network name");
        }
        if (name.length() > 15) {
            throw new ConfigException("name", "Invalid network name \"" + name + "\": longer than 15 characters"
                    + " (the Linux limit for the bridge's interface name)");
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new ConfigException("name", "Invalid network name \"" + name + "\": use letters, digits, '_', '-'"
                    + " or '.', starting with a letter");
        }
    }

    /** Only {@code bridge} networks exist here; an empty type means bridge, as in LXD. */
    public static void validateType(String type) {
        if (type != null && !type.isEmpty() && !BRIDGE.equals(type)) {
            throw new ConfigException("type", "Invalid network type \"" + type + "\": only \"bridge\" is supported");
        }
    }

    /**
     * Checks every key of a bridge network's config. {@code ipv4.dhcp.ranges} is checked against the subnet when
     * {@code ipv4.address} is a CIDR (an {@code auto} subnet is checked again once chosen).
     */
    public static void validate(String name, Map<String, String> config) {
        validateName(name);
        for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key.startsWith("user.")) {
                continue;
            }
            if (key.startsWith("security.")) {
                throw new ConfigException(key, "Invalid option \"" + key + "\" for network \"" + name + "\": security"
                        + " keys are options of each nic device (for example security.mac_filtering), not of the"
                        + " network");
            }
            if (!KEYS.contains(key)) {
                throw new ConfigException(key, "Invalid option \"" + key + "\" for network \"" + name
                        + "\": unknown key; supported: " + String.join(", ", new java.util.TreeSet<>(KEYS))
                        + " and user.*");
            }
            if (value == null || value.isEmpty()) {
                continue;
            }
            checkValue(name, key, value);
        }
        Optional<Cidr> subnet = ipv4(config);
        String ranges = config.get(IPV4_DHCP_RANGES);
        if (ranges != null && !ranges.isEmpty()) {
            if (subnet.isEmpty() && !AUTO.equals(config.get(IPV4_ADDRESS))) {
                throw invalid(name, IPV4_DHCP_RANGES, ranges, "it needs an IPv4 subnet (ipv4.address)");
            }
            subnet.ifPresent(s -> dhcpRanges(name, s, ranges));
        }
    }

    private static void checkValue(String name, String key, String value) {
        switch (key) {
            case IPV4_ADDRESS -> {
                if (!AUTO.equals(value) && !NONE.equals(value)) {
                    gateway(name, value);
                }
            }
            case IPV4_NAT, IPV4_DHCP -> {
                if (!TRUE.contains(value.toLowerCase(Locale.ROOT)) && !FALSE.contains(value.toLowerCase(Locale.ROOT))) {
                    throw invalid(name, key, value, "not a boolean (true, false, yes, no, on, off, 1 or 0)");
                }
            }
            case IPV6_ADDRESS -> {
                if (!NONE.equals(value)) {
                    throw invalid(name, key, value, "IPv6 is not supported yet; only \"none\" is");
                }
            }
            case DNS_DOMAIN -> checkDomain(name, value);
            case BRIDGE_MTU -> {
                int mtu;
                try {
                    mtu = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw invalid(name, key, value, "not an integer");
                }
                if (mtu < 68 || mtu > 65535) {
                    throw invalid(name, key, value, "out of range 68-65535");
                }
            }
            case BRIDGE_HWADDR -> {
                if (!value.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
                    throw invalid(name, key, value, "not a MAC address such as 00:16:3e:12:34:56");
                }
                if ((Integer.parseInt(value.substring(0, 2), 16) & 1) != 0) {
                    throw invalid(name, key, value, "a multicast MAC address; a bridge needs a unicast one");
                }
            }
            default -> {
                // ipv4.dhcp.ranges is checked with the subnet
            }
        }
    }

    /** The gateway address and subnet of a CIDR {@code ipv4.address}, refused when not a usable host address. */
    public static Cidr gateway(String name, String value) {
        Cidr cidr;
        try {
            cidr = Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, IPV4_ADDRESS, value, e.getMessage() + "; use a CIDR such as 10.23.5.1/24, auto or"
                    + " none");
        }
        if (!value.contains("/")) {
            throw invalid(name, IPV4_ADDRESS, value, "no prefix length; use a CIDR such as 10.23.5.1/24");
        }
        if (cidr.prefix() < MIN_PREFIX || cidr.prefix() > MAX_PREFIX) {
            throw invalid(name, IPV4_ADDRESS, value, "the prefix length must be between /" + MIN_PREFIX + " and /"
                    + MAX_PREFIX);
        }
        if (cidr.address() == cidr.network() || cidr.address() == cidr.broadcast()) {
            throw invalid(name, IPV4_ADDRESS, value, "the host part must be the gateway's address, not the subnet's"
                    + " network or broadcast address (for example " + Subnets.format(cidr.network() + 1) + "/"
                    + cidr.prefix() + ")");
        }
        int first = cidr.address() >>> 24;
        if (first == 0 || first == 127 || first >= 224) {
            throw invalid(name, IPV4_ADDRESS, value, "not a unicast address usable on a bridge");
        }
        return cidr;
    }

    /** The ranges of {@code ipv4.dhcp.ranges}, each inside {@code subnet} and clear of its network and broadcast. */
    public static List<Range> dhcpRanges(String name, Cidr subnet, String value) {
        List<Range> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Range r;
            try {
                r = Range.parse(part);
            } catch (IllegalArgumentException e) {
                throw invalid(name, IPV4_DHCP_RANGES, value, e.getMessage());
            }
            if (!subnet.contains(r.first()) || !subnet.contains(r.last())) {
                throw invalid(name, IPV4_DHCP_RANGES, value, "range " + r + " is not inside the subnet "
                        + subnet.subnet());
            }
            if (r.contains(subnet.network()) || r.contains(subnet.broadcast())) {
                throw invalid(name, IPV4_DHCP_RANGES, value, "range " + r + " includes the network or broadcast"
                        + " address of " + subnet.subnet());
            }
            for (Range other : out) {
                if (r.contains(other.first()) || other.contains(r.first())) {
                    throw invalid(name, IPV4_DHCP_RANGES, value, "ranges " + other + " and " + r + " overlap");
                }
            }
            out.add(r);
        }
        return out;
    }

    /** The gateway CIDR when {@code ipv4.address} is one (not unset, auto or none). */
    public static Optional<Cidr> ipv4(Map<String, String> config) {
        String v = config.get(IPV4_ADDRESS);
        if (v == null || v.isEmpty() || AUTO.equals(v) || NONE.equals(v)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Cidr.parse(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The addresses instances may get: the DHCP ranges, or the whole subnet minus gateway when there are none. */
    public static List<Range> pool(String name, Map<String, String> config) {
        Cidr gw = ipv4(config).orElseThrow(() -> new ConfigException(IPV4_ADDRESS, "Network \"" + name
                + "\" has no IPv4 subnet (ipv4.address is " + config.getOrDefault(IPV4_ADDRESS, "unset") + ")"));
        String ranges = config.get(IPV4_DHCP_RANGES);
        if (ranges != null && !ranges.isEmpty()) {
            return dhcpRanges(name, gw, ranges);
        }
        return List.of(new Range(gw.network() + 1, gw.broadcast() - 1));
    }

    /**
     * Config as LXD stores a new bridge: {@code ipv4.address=auto} and {@code ipv4.nat=true} unless given,
     * {@code ipv6.address=none} (the only IPv6 choice so far); empty values dropped.
     */
    public static Map<String, String> withCreateDefaults(Map<String, String> config) {
        Map<String, String> out = withoutEmpty(config);
        out.putIfAbsent(IPV4_ADDRESS, AUTO);
        if (AUTO.equals(out.get(IPV4_ADDRESS))) {
            out.putIfAbsent(IPV4_NAT, "true");
        }
        out.putIfAbsent(IPV6_ADDRESS, NONE);
        return out;
    }

    public static Map<String, String> withoutEmpty(Map<String, String> config) {
        Map<String, String> out = new TreeMap<>();
        config.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** LXD's reading of a boolean key; {@code fallback} when unset. */
    public static boolean isTrue(String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return TRUE.contains(value.toLowerCase(Locale.ROOT));
    }

    private static void checkDomain(String name, String value) {
        if (value.length() > 253) {
            throw invalid(name, DNS_DOMAIN, value, "longer than 253 characters");
        }
        for (String label : value.split("\\.", -1)) {
            if (!label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                throw invalid(name, DNS_DOMAIN, value, "label \"" + label + "\" is not a DNS label (1-63 letters,"
                        + " digits or '-', not starting or ending with '-')");
            }
        }
    }

    private static ConfigException invalid(String name, String key, String value, String why) {
        return new ConfigException(key, "Invalid value for network \"" + name + "\" option \"" + key + "\" (\""
                + value + "\"): " + why);
    }
}
