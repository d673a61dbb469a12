package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class DnsmasqArgsTest {
    private static final DnsmasqFiles FILES = new DnsmasqFiles(Path.of("/var/lib/berth/networks/n1"));

    @Test
    void shouldServeOnlyTheBridgeWithoutUpstreamWhenRendered() {
        // Given
        DnsmasqSpec spec = new DnsmasqSpec("n1", "n1", Ipv4Cidr.parse("10.23.5.1/24"),
                List.of(DhcpRange.parse("10.23.5.100-10.23.5.199")), null, "berth", 0);

        // When
        List<String> args = DnsmasqArgs.render("/usr/sbin/dnsmasq", spec, FILES);

        // Then
        assertThat(args).contains("--strict-order", "--bind-interfaces", "--interface=n1", "--except-interface=lo",
                "--no-ping", "--no-resolv", "--no-hosts", "--listen-address=10.23.5.1",
                "--dhcp-range=10.23.5.100,10.23.5.199,255.255.255.0,1h", "--domain=berth", "--local=/berth/",
                "--pid-file=/var/lib/berth/networks/n1/dnsmasq.pid",
                "--dhcp-leasefile=/var/lib/berth/networks/n1/dnsmasq.leases",
                "--dhcp-hostsfile=/var/lib/berth/networks/n1/dnsmasq.hosts",
                "--addn-hosts=/var/lib/berth/networks/n1/dnsmasq.dns");
        assertThat(args).noneMatch(a -> a.startsWith("--server")).noneMatch(a -> a.startsWith("--dhcp-option-force"));
    }

    @Test
    void shouldServeNamesButNoDhcpWhenIpv4DhcpIsOff() {
        // Given ipv4.dhcp=false
        NetworkSpec network = NetworkSpec.fromConfig("n2", java.util.Map.of("ipv4.address", "10.23.6.1/24",
                "ipv4.dhcp", "false"));

        // When
        List<String> args = DnsmasqArgs.render("/usr/sbin/dnsmasq", network.dnsmasq(), FILES);

        // Then no range is offered, while the names still are
        assertThat(args).noneMatch(a -> a.startsWith("--dhcp-range")).contains("--domain=berth",
                "--addn-hosts=/var/lib/berth/networks/n1/dnsmasq.dns");
        assertThat(NetworkSpec.fromConfig("n2", java.util.Map.of("ipv4.address", "10.23.6.1/24")).dnsmasq().dhcp())
                .isTrue();
    }

    @Test
    void shouldWriteBothHostFilesWhenGivenStaticLeases() {
        // Given
        List<StaticLease> leases = List.of(new StaticLease("00:16:3e:00:00:01", "10.23.5.10", "c1"));

        // Then
        assertThat(DnsmasqArgs.dhcpHosts(leases)).isEqualTo("00:16:3e:00:00:01,10.23.5.10,c1\n");
        assertThat(DnsmasqArgs.dnsHosts(leases, "berth")).isEqualTo("10.23.5.10 c1.berth c1\n");
    }

    @Test
    void shouldRefuseWithA400WhenARangeLeavesTheSubnet() {
        assertThatThrownBy(() -> new DnsmasqSpec("n1", "n1", Ipv4Cidr.parse("10.23.5.1/24"),
                List.of(DhcpRange.parse("10.23.5.100-10.23.6.10")), "1h", "berth", 0))
                .isInstanceOf(NetworkException.class).hasMessageContaining("ipv4.dhcp.ranges");
        assertThatThrownBy(() -> new DnsmasqSpec("n1", "n1", Ipv4Cidr.parse("10.23.5.1/24"), List.of(), "1h",
                "bad domain", 0)).hasMessageContaining("dns.domain");
    }
}
