package dev.berth.executor.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies a network's nftables tables (see {@link NftRuleset}), each change with one {@code nft -f -}, so the kernel
 * swaps the old rules for the new ones atomically and a failure leaves the old ones in place.
 */
public final class Firewall {
    private final Path ipForward;

    public Firewall() {
        this(Path.of("/proc/sys/net/ipv4/ip_forward"));
    }

    /** {@code ipForward} is the sysctl file; tests point it elsewhere to leave the host's value alone. */
    public Firewall(Path ipForward) {
        this.ipForward = ipForward;
    }

    /**
     * Writes the network's rules, keeping its NICs' anti-spoofing entries. With NAT, also turns on IPv4 forwarding,
     * which is never turned off again: other networks, or software outside Berth, may rely on it.
     */
    public void ensure(FirewallSpec spec) {
        NetTools.run(NftRuleset.ensure(spec), "nft", "-f", "-");
        if (spec.nat()) {
            enableForwarding();
        }
    }

    /** Removes both tables; a no-op when they are gone. */
    public void delete(String network) {
        NetNames.iface("network name", network);
        NetTools.run(NftRuleset.delete("berth-" + network), "nft", "-f", "-");
    }

    /** Turns on the NIC's filters; the network's tables must exist. */
    public void addNic(String network, NicFilter nic) {
        String script = NftRuleset.addNic(tableOf(network), nic);
        if (!script.isEmpty()) {
            NetTools.run(script, "nft", "-f", "-");
        }
    }

    /** Turns off the NIC's filters; a no-op when they are off or the network's tables are gone. */
    public void removeNic(String network, NicFilter nic) {
        String table = tableOf(network);
        String script = NftRuleset.removeNic(table, nic);
        if (script.isEmpty() || !exists(network)) {
            return;
        }
        NetTools.run(script, "nft", "-f", "-");
    }

    public boolean exists(String network) {
        String table = tableOf(network);
        return NetTools.tryRun("", "nft", "list", "table", "inet", table).ok()
                && NetTools.tryRun("", "nft", "list", "table", "bridge", table).ok();
    }

    /** Whether IPv4 forwarding is on now. */
    public boolean forwarding() {
        try {
            return Files.readString(ipForward).strip().equals("1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void enableForwarding() {
        if (forwarding()) {
            return;
        }
        try {
            Files.writeString(ipForward, "1\n");
        } catch (IOException e) {
            throw NetworkException.internal("cannot enable IPv4 forwarding in " + ipForward + ": " + e.getMessage(), e);
        }
    }

    private static String tableOf(String network) {
        return "berth-" + NetNames.iface("network name", network);
    }
}
