package dev.berth.executor.network;

import java.util.ArrayList;
import java.util.List;

/** Renders dnsmasq's command line; the running daemon's {@code /proc/<pid>/cmdline} is compared with it. */
final class DnsmasqArgs {
    private DnsmasqArgs() {
    }

    static List<String> render(String binary, DnsmasqSpec spec, DnsmasqFiles files) {
        String gw = spec.gateway().host();
        List<String> args = new ArrayList<>(List.of(binary,
                // Neither the host's /etc/dnsmasq.conf nor its /etc/hosts belong to a container network.
                "--conf-file=/dev/null", "--no-hosts",
                "--strict-order", "--bind-interfaces", "--interface=" + spec.bridge(), "--except-interface=lo",
                "--listen-address=" + gw,
                // Without --no-ping, a third of fresh leases took 3 s here (runtime-probe.md §3).
                "--no-ping", "--dhcp-rapid-commit", "--dhcp-authoritative", "--dhcp-no-override",
                // No upstream at all: the network's names are answered locally and nothing else is forwarded.
                "--no-resolv", "--domain=" + spec.domain(), "--local=/" + spec.domain() + "/",
                "--pid-file=" + files.pid(), "--dhcp-leasefile=" + files.leases(),
                "--dhcp-hostsfile=" + files.dhcpHosts(), "--addn-hosts=" + files.dnsHosts(),
                "--dhcp-option=option:router," + gw));
        if (!spec.dhcp()) {
            // ipv4.dhcp=false: no --dhcp-range, so dnsmasq answers no DHCP at all, only the network's names
            return args;
        }
        for (DhcpRange range : spec.ranges()) {
            args.add("--dhcp-range=" + Ipv4Cidr.format(range.first()) + "," + Ipv4Cidr.format(range.last()) + ","
                    + spec.gateway().netmask() + "," + spec.leaseTime());
        }
        if (spec.mtu() != BridgeSpec.DEFAULT_MTU) {
            args.add("--dhcp-option-force=option:mtu," + spec.mtu());
        }
        return args;
    }

    /** {@code --dhcp-hostsfile} content. */
    static String dhcpHosts(List<StaticLease> leases) {
        StringBuilder s = new StringBuilder();
        leases.forEach(l -> s.append(l.hwaddr()).append(',').append(l.address()).append(',').append(l.hostname())
                .append('\n'));
        return s.toString();
    }

    /** {@code --addn-hosts} content: the fully qualified name first, as dnsmasq answers reverse lookups with it. */
    static String dnsHosts(List<StaticLease> leases, String domain) {
        StringBuilder s = new StringBuilder();
        leases.forEach(l -> s.append(l.address()).append(' ').append(l.hostname()).append('.').append(domain)
                .append(' ').append(l.hostname()).append('\n'));
        return s.toString();
    }
}
