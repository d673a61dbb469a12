package dev.berth.executor.network;

/**
 * Renders the nftables scripts of one network. Each network owns two tables named {@code berth-<network>}: an
 * {@code inet} one (isolation, accepts, NAT) and a {@code bridge} one (per-NIC anti-spoofing, which must see frames
 * as they enter the bridge from a veth, before any routing). Owning whole tables means that an update is one atomic
 * replace, a delete is one {@code delete table}, and no network's change can ever touch another's rules.
 */
final class NftRuleset {
    /** Set names inside the bridge table. */
    static final String MAC_FILTERED = "mac_filtered";
    static final String MACS = "macs";
    static final String IPV4_FILTERED = "ipv4_filtered";
    static final String IPV4S = "ipv4s";

    private NftRuleset() {
    }

    /**
     * Replaces the inet table wholesale (it holds no per-NIC state) and re-creates the bridge table's chain while
     * keeping its sets, so NIC entries survive an ensure. {@code add table} before {@code delete table} makes the
     * delete valid when the table is absent: the whole script is one transaction either way.
     */
    static String ensure(FirewallSpec spec) {
        String t = spec.table();
        String br = quote(spec.bridge());
        StringBuilder s = new StringBuilder();
        s.append("add table inet ").append(t).append('\n');
        s.append("delete table inet ").append(t).append('\n');
        s.append("table inet ").append(t).append(" {\n");
        s.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        // Isolation: another Berth bridge is recognised by its interface group, so neither table needs the other's name.
        s.append("    iifname ").append(br).append(" oifgroup ").append(Bridges.GROUP).append(" oifname != ").append(br)
                .append(" counter drop comment \"isolation\"\n");
        s.append("    oifname ").append(br).append(" iifgroup ").append(Bridges.GROUP).append(" iifname != ").append(br)
                .append(" counter drop comment \"isolation\"\n");
        s.append("    iifname ").append(br).append(" accept\n");
        s.append("    oifname ").append(br).append(" accept\n  }\n");
        s.append("  chain input {\n    type filter hook input priority filter; policy accept;\n");
        s.append("    iifname ").append(br).append(" udp dport 67 accept\n");
        s.append("    iifname ").append(br).append(" meta l4proto { tcp, udp } th dport 53 accept\n  }\n");
        s.append("  chain output {\n    type filter hook output priority filter; policy accept;\n");
        s.append("    oifname ").append(br).append(" udp sport 67 accept\n");
        s.append("    oifname ").append(br).append(" meta l4proto { tcp, udp } th sport 53 accept\n  }\n");
        if (spec.nat()) {
            String net = spec.subnet().toString();
            s.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
            s.append("    ip saddr ").append(net).append(" ip daddr != ").append(net).append(" oifname != ").append(br)
                    .append(" counter masquerade comment \"nat\"\n  }\n");
        }
        s.append("}\n");
        String b = "bridge " + t;
        s.append("add table ").append(b).append('\n');
        s.append("add set ").append(b).append(' ').append(MAC_FILTERED).append(" { type ifname; }\n");
        s.append("add set ").append(b).append(' ').append(MACS).append(" { type ifname . ether_addr; }\n");
        s.append("add set ").append(b).append(' ').append(IPV4_FILTERED).append(" { type ifname; }\n");
        s.append("add set ").append(b).append(' ').append(IPV4S).append(" { type ifname . ipv4_addr; }\n");
        s.append("add chain ").append(b)
                .append(" prerouting { type filter hook prerouting priority -200; policy accept; }\n");
        s.append("flush chain ").append(b).append(" prerouting\n");
        String rule = "add rule " + b + " prerouting ";
        s.append(rule).append("iifname @mac_filtered iifname . ether saddr != @macs counter drop\n");
        s.append(rule).append("iifname @mac_filtered iifname . arp saddr ether != @macs counter drop\n");
        // A DHCP client has no address yet, and ARP probes (RFC 5227) come from 0.0.0.0.
        s.append(rule).append("iifname @ipv4_filtered arp saddr ip 0.0.0.0 accept\n");
        s.append(rule).append("iifname @ipv4_filtered iifname . arp saddr ip != @ipv4s counter drop\n");
        s.append(rule).append("iifname @ipv4_filtered ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 "
                + "udp dport 67 accept\n");
        s.append(rule).append("iifname @ipv4_filtered iifname . ip saddr != @ipv4s counter drop\n");
        return s.toString();
    }

    /** Deletes both tables; the {@code add} first makes it a no-op when they are gone. */
    static String delete(String table) {
        return "add table inet " + table + "\ndelete table inet " + table + "\nadd table bridge " + table
                + "\ndelete table bridge " + table + "\n";
    }

    /** Adds the NIC's entries; {@code add element} of an existing element is a no-op. */
    static String addNic(String table, NicFilter nic) {
        return elements("add", table, nic);
    }

    /** Removes the NIC's entries; adding them first makes the delete valid when they are gone. */
    static String removeNic(String table, NicFilter nic) {
        return elements("add", table, nic) + elements("delete", table, nic);
    }

    private static String elements(String verb, String table, NicFilter nic) {
        String prefix = verb + " element bridge " + table + " ";
        String name = quote(nic.hostName());
        StringBuilder s = new StringBuilder();
        if (nic.mac() != null) {
            s.append(prefix).append(MAC_FILTERED).append(" { ").append(name).append(" }\n");
            s.append(prefix).append(MACS).append(" { ").append(name).append(" . ").append(nic.mac()).append(" }\n");
        }
        if (nic.ipv4() != null) {
            s.append(prefix).append(IPV4_FILTERED).append(" { ").append(name).append(" }\n");
            s.append(prefix).append(IPV4S).append(" { ").append(name).append(" . ").append(nic.ipv4()).append(" }\n");
        }
        return s.toString();
    }

    private static String quote(String iface) {
        return "\"" + iface + "\"";
    }
}
