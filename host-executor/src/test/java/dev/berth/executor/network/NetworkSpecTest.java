package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    @Test
    void shouldReadTheLxdKeysWhenTheConfigSetsThem() {
        // When
        NetworkSpec spec = NetworkSpec.fromConfig("br1", Map.of("ipv4.address", "10.41.7.1/24", "ipv4.nat", "true",
                "ipv4.dhcp.ranges", "10.41.7.100-10.41.7.150,10.41.7.200-10.41.7.210", "bridge.mtu", "1400",
                "dns.domain", "lab", "ipv4.dhcp.expiry", "2h"));

        // Then
        assertThat(spec.ipv4Address().toString()).isEqualTo("10.41.7.1/24");
        assertThat(spec.nat()).isTrue();
        assertThat(spec.dhcpRanges()).hasSize(2);
        assertThat(spec.mtu()).isEqualTo(1400);
        assertThat(spec.domain()).isEqualTo("lab");
        assertThat(spec.leaseTime()).isEqualTo("2h");
    }

    @Test
    void shouldHaveNoIpv4AndNoNatWhenTheConfigIsEmptyOrNone() {
        // When
        NetworkSpec empty = NetworkSpec.fromConfig("br1", Map.of());
        NetworkSpec none = NetworkSpec.fromConfig("br1", Map.of("ipv4.address", "none", "ipv4.nat", "false"));

        // Then
        assertThat(empty.ipv4Address()).isNull();
        assertThat(empty.nat()).isFalse();
        assertThat(empty.mtu()).isEqualTo(1500);
        assertThat(empty.domain()).isEqualTo("berth");
        assertThat(none.ipv4Address()).isNull();
    }

    @Test
    void shouldAnswer400NamingTheKeyWhenAValueIsBad() {
        assertThatThrownBy(() -> NetworkSpec.fromConfig("br1", Map.of("bridge.mtu", "big")))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("bridge.mtu");
        assertThatThrownBy(() -> NetworkSpec.fromConfig("br1", Map.of("ipv4.dhcp.ranges", "10.0.0.5")))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("ipv4.dhcp.ranges");
    }
}
