package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void shouldDeriveSubnetAndMaskWhenParsingAGatewayCidr() {
        // When
        Ipv4Cidr gw = Ipv4Cidr.parse("10.23.5.1/24");

        // Then
        assertThat(gw.host()).isEqualTo("10.23.5.1");
        assertThat(gw.subnet()).hasToString("10.23.5.0/24");
        assertThat(gw.netmask()).isEqualTo("255.255.255.0");
        assertThat(Ipv4Cidr.format(gw.at(100))).isEqualTo("10.23.5.100");
        assertThat(gw.contains(Ipv4Cidr.parseAddress("10.23.5.254"))).isTrue();
        assertThat(gw.contains(Ipv4Cidr.parseAddress("10.23.6.1"))).isFalse();
    }

    @Test
    void shouldDetectOverlapWhenOneSubnetContainsTheOther() {
        assertThat(Ipv4Cidr.parse("10.0.0.0/8").overlaps(Ipv4Cidr.parse("10.23.5.0/24"))).isTrue();
        assertThat(Ipv4Cidr.parse("10.23.5.0/24").overlaps(Ipv4Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Ipv4Cidr.parse("10.23.5.0/24").overlaps(Ipv4Cidr.parse("10.23.6.0/24"))).isFalse();
        assertThat(Ipv4Cidr.parse("192.0.2.2/32").overlaps(Ipv4Cidr.parse("0.0.0.0/0"))).isTrue();
    }

    @Test
    void shouldRefuseWithA400WhenTheTextIsNotACidr() {
        for (String bad : new String[]{"10.0.0.1", "10.0.0.256/24", "10.0.0.1/33", "a.b.c.d/8", "10.0.0.1/24; x"}) {
            assertThatThrownBy(() -> Ipv4Cidr.parse(bad)).isInstanceOf(NetworkException.class)
                    .satisfies(e -> assertThat(((NetworkException) e).code()).isEqualTo(400));
        }
    }

    @Test
    void shouldCoverAllButNetworkAndBroadcastWhenTheRangeIsTheWholeSubnet() {
        assertThat(DhcpRange.wholeSubnet(Ipv4Cidr.parse("10.23.5.1/24"))).hasToString("10.23.5.1-10.23.5.254");
        assertThat(DhcpRange.parse("10.23.5.100-10.23.5.199")).hasToString("10.23.5.100-10.23.5.199");
    }
}
