package dev.berth.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.contracts.config.Subnets.Range;

class NetworkConfigTest {

    @Test
    void shouldAcceptATypicalBridgeConfig() {
        Map<String, String> config = Map.of("ipv4.address", "10.23.5.1/24", "ipv4.nat", "true", "ipv4.dhcp", "yes",
                "ipv4.dhcp.ranges", "10.23.5.10-10.23.5.99,10.23.5.150-10.23.5.160", "ipv6.address", "none",
                "dns.domain", "berth.lan", "bridge.mtu", "1500", "bridge.hwaddr", "00:16:3e:aa:bb:cc",
                "user.note", "anything at all");

        assertThatCode(() -> NetworkConfig.validate("br-test0", config)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "none", ""})
    void shouldAcceptAutoNoneAndUnsetWhenGivenAsIpv4Address(String value) {
        assertThatCode(() -> NetworkConfig.validate("n", Map.of("ipv4.address", value)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-abc", "with space", "a/b", "a:b", "sixteen-chars-xx", "é"})
    void shouldRefuseTheNameWhenItIsNoInterfaceName(String name) {
        assertThatThrownBy(() -> NetworkConfig.validate(name, Map.of())).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(e.key()).isEqualTo("name"));
    }

    @Test
    void shouldAcceptFifteenCharacterNames() {
        assertThatCode(() -> NetworkConfig.validateName("abcdefghijklmno")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ipv4.address|10.23.5.0/24|network or broadcast",
            "ipv4.address|10.23.5.255/24|network or broadcast",
            "ipv4.address|10.23.5.1|no prefix length",
            "ipv4.address|10.23.5.1/31|between /8 and /30",
            "ipv4.address|10.23.5.1/4|between /8 and /30",
            "ipv4.address|10.23.5.300/24|not an IPv4 address",
            "ipv4.address|fd00::1/64|not an IPv4 address",
            "ipv4.address|127.0.0.1/8|not a unicast address",
            "ipv4.address|224.0.0.1/24|not a unicast address",
            "ipv4.address|AUTO|not an IPv4 address",
            "ipv4.nat|maybe|not a boolean",
            "ipv4.dhcp|2|not a boolean",
            "ipv6.address|fd42::1/64|not supported yet",
            "ipv6.address|auto|not supported yet",
            "dns.domain|-bad.lan|not a DNS label",
            "dns.domain|a..b|not a DNS label",
            "dns.domain|under_score|not a DNS label",
            "bridge.mtu|67|out of range 68-65535",
            "bridge.mtu|65536|out of range 68-65535",
            "bridge.mtu|1500b|not an integer",
            "bridge.hwaddr|00:16:3e:aa:bb|not a MAC address",
            "bridge.hwaddr|00-16-3e-aa-bb-cc|not a MAC address",
            "bridge.hwaddr|01:00:5e:00:00:01|multicast"})
    void shouldRefuseNamingTheKeyWhenAValueIsInvalid(String key, String value, String why) {
        assertThatThrownBy(() -> NetworkConfig.validate("n", Map.of(key, value))).isInstanceOfSatisfying(
                ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains("\"" + key + "\"").contains(why);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.23.5.10-10.23.6.10|not inside the subnet",
            "10.23.4.10-10.23.4.20|not inside the subnet",
            "10.23.5.0-10.23.5.20|network or broadcast",
            "10.23.5.200-10.23.5.255|network or broadcast",
            "10.23.5.20-10.23.5.10|ends before it starts",
            "10.23.5.10|not a range",
            "10.23.5.10-10.23.5.20,|not a range",
            "10.23.5.10-10.23.5.20,10.23.5.15-10.23.5.30|overlap",
            "10.23.5.10-banana|not an IPv4 address"})
    void shouldRefuseNamingTheKeyWhenADhcpRangeIsBad(String ranges, String why) {
        assertThatThrownBy(() -> NetworkConfig.validate("n",
                Map.of("ipv4.address", "10.23.5.1/24", "ipv4.dhcp.ranges", ranges)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("ipv4.dhcp.ranges");
                    assertThat(e.getMessage()).contains(why);
                });
    }

    @Test
    void shouldRefuseRangesWhenThereIsNoSubnet() {
        assertThatThrownBy(() -> NetworkConfig.validate("n",
                Map.of("ipv4.address", "none", "ipv4.dhcp.ranges", "10.0.0.2-10.0.0.9")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("ipv4.dhcp.ranges"));
    }

    @Test
    void shouldAcceptRangesWithAutoUntilTheSubnetIsChosen() {
        assertThatCode(() -> NetworkConfig.validate("n",
                Map.of("ipv4.address", "auto", "ipv4.dhcp.ranges", "10.0.0.2-10.0.0.9")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4.routing", "bridge.driver", "ipv6.nat", "dns.mode", "raw.dnsmasq", "foo"})
    void shouldRefuseNamingTheKeyWhenItIsUnknown(String key) {
        assertThatThrownBy(() -> NetworkConfig.validate("n", Map.of(key, "x"))).isInstanceOfSatisfying(
                ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains("\"" + key + "\"").contains("unknown key");
                });
    }

    @Test
    void shouldSayNicWhenGivenASecurityKey() {
        assertThatThrownBy(() -> NetworkConfig.validate("n", Map.of("security.mac_filtering", "true")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("security.mac_filtering");
                    assertThat(e.getMessage()).contains("nic device");
                });
    }

    @Test
    void shouldRefuseOtherTypesThanBridge() {
        assertThatCode(() -> NetworkConfig.validateType(null)).doesNotThrowAnyException();
        assertThatCode(() -> NetworkConfig.validateType("bridge")).doesNotThrowAnyException();
        assertThatThrownBy(() -> NetworkConfig.validateType("macvlan")).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(e.key()).isEqualTo("type"));
    }

    @Test
    void shouldFillLxdDefaultsWhenCreating() {
        assertThat(NetworkConfig.withCreateDefaults(Map.of("dns.domain", "x", "bridge.mtu", "")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("dns.domain", "x", "ipv4.address", "auto",
                        "ipv4.nat", "true", "ipv6.address", "none"));
        assertThat(NetworkConfig.withCreateDefaults(Map.of("ipv4.address", "10.1.1.1/24")))
                .doesNotContainKey("ipv4.nat");
    }

    @Test
    void shouldUseTheWholeSubnetButNetworkAndBroadcastWhenThereAreNoRanges() {
        assertThat(NetworkConfig.pool("n", Map.of("ipv4.address", "10.9.8.1/24")))
                .containsExactly(new Range(Subnets.parseAddress("10.9.8.1"), Subnets.parseAddress("10.9.8.254")));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "false,false", "0,false", "off,false", ",true"})
    void shouldReadBooleansAsLxdDoes(String value, boolean expected) {
        assertThat(NetworkConfig.isTrue(value, true)).isEqualTo(expected);
    }
}
