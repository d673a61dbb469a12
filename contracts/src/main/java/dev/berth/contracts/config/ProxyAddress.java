package dev.berth.contracts.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One end of a {@code proxy} device, as LXD writes it in {@code listen} and {@code connect}: {@code tcp:ADDR:PORT},
 * {@code udp:ADDR:PORT} (ADDR an IPv4 literal, or an IPv6 literal in brackets) or {@code unix:/absolute/path}.
 * Exactly one of {@code host}/{@code port} and {@code path} is set, by protocol.
 */
public record ProxyAddress(Protocol protocol, String host, int port, String path) {
    /**
     * sun_path holds 108 bytes with the terminating NUL. Paths are also limited to characters that socat's address
     * syntax takes literally (no ':', ',', quotes, brackets or spaces).
     */
    public static final int MAX_PATH = 107;
    private static final String PATH_CHARS = "[A-Za-z0-9/._+=~%-]+";

    /** The transports LXD names in proxy addresses. */
    public enum Protocol {
        TCP,
        UDP,
        UNIX;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ProxyAddress {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required");
        }
        if (protocol == Protocol.UNIX ? path == null || host != null : host == null || path != null) {
            throw new IllegalArgumentException(protocol.text() + " takes " + (protocol == Protocol.UNIX
                    ? "a path only"
                    : "a host and port only"));
        }
    }

    /** True when the address is an IPv6 literal (kept without brackets in {@link #host()}). */
    public boolean ipv6() {
        return host != null && host.contains(":");
    }

    /** {@link #parse(String, String, String)} for a device that has no name yet: the message names the option only. */
    public static ProxyAddress parse(String key, String value) {
        return parse(null, key, value);
    }

    /**
     * Parses {@code value}, the {@code key} option ({@code listen} or {@code connect}) of proxy device {@code device},
     * throwing a {@link ConfigException} for {@code key} whose message quotes device, option and value as LXD does.
     * Port ranges and lists ({@code tcp:0.0.0.0:80-81}), host names and abstract unix sockets are refused.
     */
    public static ProxyAddress parse(String device, String key, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(device, key, value, "required");
        }
        int colon = value.indexOf(':');
        String scheme = colon < 0 ? "" : value.substring(0, colon);
        String rest = value.substring(colon + 1);
        return switch (scheme) {
            case "tcp" -> inet(device, key, value, Protocol.TCP, rest);
            case "udp" -> inet(device, key, value, Protocol.UDP, rest);
            case "unix" -> unix(device, key, value, rest);
            default -> throw invalid(device, key, value, "expected tcp:ADDR:PORT, udp:ADDR:PORT or unix:/PATH");
        };
    }

    /**
     * Checks that {@code listen} and {@code connect} can be paired: a stream end (tcp, unix) with a stream end, udp
     * with udp only, since datagrams cannot be carried over a stream.
     */
    public static void checkPair(String device, ProxyAddress listen, ProxyAddress connect) {
        boolean listenUdp = listen.protocol() == Protocol.UDP;
        boolean connectUdp = connect.protocol() == Protocol.UDP;
        if (listenUdp != connectUdp) {
            throw invalid(device, "connect", connect.toString(), "listen is " + listen.protocol().text()
                    + (listenUdp ? ", so connect must be udp too" : ", so connect must be tcp or unix"));
        }
    }

    /** The LXD form, {@code tcp:127.0.0.1:80}, {@code tcp:[::1]:80} or {@code unix:/run/app.sock}. */
    @Override
    public String toString() {
        if (protocol == Protocol.UNIX) {
            return "unix:" + path;
        }
        return protocol.text() + ":" + (ipv6() ? "[" + host + "]" : host) + ":" + port;
    }

    private static ProxyAddress inet(String device, String key, String value, Protocol protocol, String rest) {
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(device, key, value, "expected " + protocol.text() + ":ADDR:PORT");
        }
        String addr = rest.substring(0, colon);
        String host;
        if (addr.startsWith("[") && addr.endsWith("]")) {
            host = ipv6(device, key, value, addr.substring(1, addr.length() - 1));
        } else if (addr.contains(":")) {
            throw invalid(device, key, value, "an IPv6 address must be in brackets, as in " + protocol.text()
                    + ":[::1]:80");
        } else {
            try {
                Subnets.parseAddress(addr);
            } catch (IllegalArgumentException e) {
                throw invalid(device, key, value, "\"" + addr + "\" is not an IP address (host names are not"
                        + " supported)");
            }
            host = addr;
        }
        return new ProxyAddress(protocol, host, port(device, key, value, rest.substring(colon + 1)), null);
    }

    private static String ipv6(String device, String key, String value, String addr) {
        // Only hex digits and colons, so InetAddress parses a literal: no zone id, no IPv4 tail, never a DNS lookup.
        boolean valid = addr.matches("[0-9A-Fa-f:]{2,39}");
        if (valid) {
            try {
                valid = InetAddress.getByName("[" + addr + "]") instanceof Inet6Address;
            } catch (UnknownHostException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw invalid(device, key, value, "\"" + addr + "\" is not an IPv6 address (IPv4-mapped forms and zone"
                    + " ids are not supported)");
        }
        return addr.toLowerCase(Locale.ROOT);
    }

    private static int port(String device, String key, String value, String text) {
        if (text.contains("-") || text.contains(",")) {
            throw invalid(device, key, value, "port ranges and lists are not supported; use one port per device");
        }
        if (!text.matches("[1-9][0-9]{0,4}") || Integer.parseInt(text) > 65535) {
            throw invalid(device, key, value, "\"" + text + "\" is not a port between 1 and 65535");
        }
        return Integer.parseInt(text);
    }

    private static ProxyAddress unix(String device, String key, String value, String path) {
        if (path.startsWith("@")) {
            throw invalid(device, key, value, "abstract unix sockets are not supported");
        }
        if (!path.startsWith("/")) {
            throw invalid(device, key, value, "the socket path must be absolute");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw invalid(device, key, value, "the socket path is longer than " + MAX_PATH + " bytes");
        }
        if (!path.matches(PATH_CHARS) || path.endsWith("/") || path.contains("//") || path.contains("/../")
                || path.endsWith("/..")) {
            throw invalid(device, key, value, "the socket path must be a plain file path of letters, digits and"
                    + " / . _ + = ~ % -");
        }
        return new ProxyAddress(Protocol.UNIX, null, 0, path);
    }

    private static ConfigException invalid(String device, String key, String value, String why) {
        String where = device == null ? "" : "device \"" + device + "\" ";
        return new ConfigException(key, "Invalid value for " + where + "option \"" + key + "\" (\"" + value + "\"): "
                + why);
    }
}
