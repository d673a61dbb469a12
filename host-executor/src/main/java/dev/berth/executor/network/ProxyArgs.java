package dev.berth.executor.network;

import java.util.ArrayList;
import java.util.List;

import dev.berth.contracts.config.ProxyAddress;
import dev.berth.contracts.config.ProxyAddress.Protocol;

/**
 * The two socat command lines of a proxy device: the host one listens at {@code listen} and hands each connection (or
 * datagram) to the relay socket; the inside one, run in the container's network namespace, accepts on the relay socket
 * and connects to {@code connect}.
 */
final class ProxyArgs {
    /** The inside socat's fd 3: the container's root directory, opened once at start (see {@link #connect}). */
    static final String ROOT_FD = "/proc/self/fd/3";
    /**
     * socat gives a half-closed connection 0.5 s for the other direction before it closes both, which would cut off
     * the reply to a client that shuts down its sending side first ({@code nc -N}, HTTP/1.0 tools). An hour keeps the
     * TCP semantics for any realistic exchange.
     */
    private static final String HALF_CLOSE_SECONDS = "3600";
    /**
     * Each datagram gets its own pair of socat children that wait this long for replies; a request-response protocol
     * (DNS, NTP) answers well within it, and it bounds how many children a busy udp proxy keeps.
     */
    private static final String UDP_IDLE_SECONDS = "10";
    /** The largest UDP payload, so one datagram is never split on the relay. */
    private static final String UDP_BLOCK = "65536";

    private ProxyArgs() {
    }

    static List<String> host(String socat, ProxySpec spec, ProxyFiles files) {
        List<String> args = options(socat, spec);
        args.add(listen(spec.listen()));
        args.add(relayConnect(files));
        return args;
    }

    static List<String> inside(String socat, ProxySpec spec, ProxyFiles files) {
        List<String> args = options(socat, spec);
        args.add(relayListen(files));
        args.add(connect(spec.connect()));
        return args;
    }

    /** The host socat's relay end; it also tells the device's host socat from any other process. */
    static String relayConnect(ProxyFiles files) {
        return "UNIX-CONNECT:" + files.relayName();
    }

    /** The inside socat's relay end, a socket in the host's filesystem: only its network namespace is entered. */
    static String relayListen(ProxyFiles files) {
        return "UNIX-LISTEN:" + files.relayName() + ",fork,unlink-early";
    }

    /** True when the inside socat needs the container's root as fd 3: it connects to a unix socket in there. */
    static boolean needsRoot(ProxySpec spec) {
        return spec.connect().protocol() == Protocol.UNIX;
    }

    /** The socket path a host socat listens on, or null: read back from its command line when stopping it. */
    static String listenPath(List<String> hostArgs) {
        return hostArgs.stream().filter(a -> a.startsWith("UNIX-LISTEN:")).findFirst()
                .map(a -> a.substring("UNIX-LISTEN:".length(), a.indexOf(','))).orElse(null);
    }

    private static List<String> options(String socat, ProxySpec spec) {
        List<String> args = new ArrayList<>(List.of(socat));
        if (spec.listen().protocol() == Protocol.UDP) {
            args.addAll(List.of("-T", UDP_IDLE_SECONDS, "-b", UDP_BLOCK));
        } else {
            args.addAll(List.of("-t", HALF_CLOSE_SECONDS));
        }
        return args;
    }

    /** No reuseaddr for udp: on a datagram socket it would let a second proxy bind the same port unnoticed. */
    static String listen(ProxyAddress a) {
        return switch (a.protocol()) {
            case TCP -> "TCP" + family(a) + "-LISTEN:" + a.port() + ",bind=" + bracketed(a) + ",fork,reuseaddr";
            case UDP -> "UDP" + family(a) + "-RECVFROM:" + a.port() + ",bind=" + bracketed(a) + ",fork";
            case UNIX -> "UNIX-LISTEN:" + a.path() + ",fork";
        };
    }

    /**
     * A unix path is the container's: each connection's child chroots to the container's root (held open as fd 3)
     * before connecting, so symlinks in the container resolve inside it and never reach a host socket.
     */
    static String connect(ProxyAddress a) {
        return switch (a.protocol()) {
            case TCP -> "TCP" + family(a) + ":" + bracketed(a) + ":" + a.port();
            case UDP -> "UDP" + family(a) + ":" + bracketed(a) + ":" + a.port();
            case UNIX -> "UNIX-CONNECT:" + a.path() + ",chroot-early=" + ROOT_FD;
        };
    }

    private static String family(ProxyAddress a) {
        return a.ipv6() ? "6" : "4";
    }

    private static String bracketed(ProxyAddress a) {
        return a.ipv6() ? "[" + a.host() + "]" : a.host();
    }
}
