package dev.berth.executor.network;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;

import dev.berth.executor.revert.Reverter;

/**
 * Plugs veth pairs between a container's network namespace and a bridge with two processes per NIC: one
 * {@code ip -batch -} on the host, which creates the peer directly inside the namespace under its final name (no
 * rename, no clash with the host's own eth0), and one {@code nsenter -n ip -batch -} inside for the links, the
 * address and the default route.
 */
public final class Nics {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Plugs the NIC in, or completes it when its host end already exists (a retry after a crash); a failure removes
     * what this call created.
     */
    public Nic attach(NicSpec requested) {
        if (!Files.exists(requested.netns())) {
            throw NetworkException.badRequest("process " + requested.pid() + " does not exist");
        }
        NicSpec spec = requested.resolved(
                requested.hostName() != null ? requested.hostName() : "veth" + HexFormat.of().formatHex(randomBytes()),
                requested.hwaddr() != null ? requested.hwaddr() : MacAddresses.random());
        try (Reverter revert = new Reverter()) {
            StringBuilder host = new StringBuilder();
            if (!NetTools.linkExists(spec.hostName())) {
                host.append("link add name ").append(spec.hostName()).append(" mtu ").append(spec.mtu())
                        .append(" type veth peer name ").append(spec.name()).append(" address ").append(spec.hwaddr())
                        .append(" mtu ").append(spec.mtu()).append(" netns ").append(spec.pid()).append('\n');
                revert.add("delete veth " + spec.hostName(), () -> detach(spec.hostName()));
            }
            host.append("link set dev ").append(spec.hostName()).append(" master ").append(spec.bridge())
                    .append(" mtu ").append(spec.mtu()).append(" up\n");
            NetTools.run(host.toString(), "ip", "-batch", "-");
            NetTools.run(inside(spec), "nsenter", "-t", Long.toString(spec.pid()), "-n",
                    NetTools.find("ip").toString(), "-batch", "-");
            revert.success();
        }
        return new Nic(spec.hostName(), spec.name(), spec.hwaddr(), spec.mtu(), spec.address());
    }

    /** Unplugs the NIC by deleting its host end, which takes the peer with it; a no-op when it is gone. */
    public void detach(String hostName) {
        NetNames.iface("host_name", hostName);
        if (!NetTools.linkExists(hostName)) {
            return;
        }
        var result = NetTools.tryRun("link del dev " + hostName + "\n", "ip", "-batch", "-");
        if (!result.ok() && NetTools.linkExists(hostName)) {
            throw NetworkException.internal("cannot delete veth " + hostName + ": " + result.errorText());
        }
    }

    /** The script run inside the namespace; {@code replace} keeps it idempotent. */
    static String inside(NicSpec spec) {
        StringBuilder s = new StringBuilder();
        s.append("link set dev lo up\n");
        s.append("link set dev ").append(spec.name()).append(" up\n");
        if (spec.address() != null) {
            s.append("addr replace ").append(spec.address()).append(" dev ").append(spec.name()).append('\n');
        }
        if (spec.gateway() != null) {
            s.append("route replace default via ").append(spec.gateway()).append(" dev ").append(spec.name())
                    .append('\n');
        }
        return s.toString();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
