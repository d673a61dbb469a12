package dev.berth.executor.network;

import java.nio.file.Path;

/** Where one network's dnsmasq keeps its state, below the directory the executor gives {@link Dnsmasq}. */
record DnsmasqFiles(Path dir) {
    Path pid() {
        return dir.resolve("dnsmasq.pid");
    }

    Path leases() {
        return dir.resolve("dnsmasq.leases");
    }

    /** {@code --dhcp-hostsfile}: MAC,IP,hostname per static lease; re-read on SIGHUP. */
    Path dhcpHosts() {
        return dir.resolve("dnsmasq.hosts");
    }

    /** {@code --addn-hosts}: the DNS names of static leases, so they resolve before any DHCP; re-read on SIGHUP. */
    Path dnsHosts() {
        return dir.resolve("dnsmasq.dns");
    }
}
