package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BridgesTest {

    @Test
    void shouldFindOldAddressesWhenTheGatewayChanged() {
        // Given: ip -j -batch prints one JSON array per show command
        String out = """
                [{"ifname":"n1","addr_info":[{"family":"inet","local":"10.23.5.1","prefixlen":24},\
                {"family":"inet","local":"10.9.9.1","prefixlen":24},\
                {"family":"inet6","local":"fe80::1","prefixlen":64}]}]
                """;

        // Then
        assertThat(Bridges.staleIpv4(out, Ipv4Cidr.parse("10.23.5.1/24"))).containsExactly("10.9.9.1/24");
        assertThat(Bridges.staleIpv4(out, null)).containsExactly("10.23.5.1/24", "10.9.9.1/24");
        assertThat(Bridges.staleIpv4("", null)).isEmpty();
    }

    @Test
    void shouldKeepTheSameMacWhenNoHwaddrIsGiven() {
        assertThat(new BridgeSpec("berthbr0", 0, null, null).hwaddr())
                .isEqualTo(new BridgeSpec("berthbr0", 0, null, null).hwaddr()).startsWith("00:16:3e:");
        assertThat(MacAddresses.random()).matches("00:16:3e(:[0-9a-f]{2}){3}");
    }

    @Test
    void shouldConfigureAddressAndRouteWhenTheNicIsStatic() {
        // Given
        NicSpec spec = new NicSpec(42, "n1", "eth0", null, null, 0, Ipv4Cidr.parse("10.23.5.10/24"), "10.23.5.1");

        // Then
        assertThat(Nics.inside(spec)).isEqualTo("""
                link set dev lo up
                link set dev eth0 up
                addr replace 10.23.5.10/24 dev eth0
                route replace default via 10.23.5.1 dev eth0
                """);
    }
}
