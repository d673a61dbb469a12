package dev.berth.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void shouldAcceptManagedAndBridgedNicsWhenWellFormed() {
        assertThatCode(() -> Devices.validate(Map.of("eth0", Map.of("type", "nic", "network", "berthbr0",
                "ipv4.address", "10.0.0.5", "hwaddr", "00:16:3E:AA:BB:CC", "mtu", "1400",
                "security.ipv4_filtering", "true")))).doesNotThrowAnyException();
        assertThatCode(() -> Devices.validate(Map.of("eth1", Map.of("type", "nic", "nictype", "bridged",
                "parent", "br0", "host_name", "veth-x")))).doesNotThrowAnyException();
        assertThat(Devices.nicName("eth1", Map.of("type", "nic"))).isEqualTo("eth1");
    }

    @Test
    void shouldRefuseNamingTheKeyWhenANicIsMalformed() {
        assertRefused(Map.of("type", "nic"), "nictype");
        assertRefused(Map.of("type", "nic", "network", "n", "parent", "br0"), "network");
        assertRefused(Map.of("type", "nic", "network", "n", "hwaddr", "01:16:3e:aa:bb:cc"), "hwaddr");
        assertRefused(Map.of("type", "nic", "network", "n", "ipv4.address", "10.0.0.300"), "ipv4.address");
        assertRefused(Map.of("type", "nic", "network", "n", "mtu", "900"), "mtu");
        assertRefused(Map.of("type", "nic", "network", "n", "name", "a-name-longer-than-15"), "name");
        assertRefused(Map.of("type", "nic", "network", "n", "boot.priority", "1"), "boot.priority");
        // an unmanaged bridge has no IPAM: an address there would be ignored, so it is refused
        assertRefused(Map.of("type", "nic", "nictype", "bridged", "parent", "br0", "ipv4.address", "10.0.0.5"),
                "ipv4.address");
        assertRefused(Map.of("type", "nic", "nictype", "bridged", "parent", "br0", "security.ipv4_filtering",
                "true"), "security.ipv4_filtering");
    }

    @Test
    void shouldRefuseOwnerAndModeOfADeviceNodeRatherThanIgnoreThem() {
        assertThatCode(() -> Devices.validate(Map.of("tty", Map.of("type", "unix-char", "source", "/dev/null",
                "path", "/dev/mynull")))).doesNotThrowAnyException();
        for (String key : new String[]{"uid", "gid", "mode"}) {
            for (String type : new String[]{"unix-char", "unix-block"}) {
                assertThatThrownBy(() -> Devices.validate(Map.of("tty", Map.of("type", type, "source", "/dev/null",
                        key, key.equals("mode") ? "0640" : "1000")))).as(type + " " + key)
                        .isInstanceOf(ConfigException.class).hasMessageContaining("tty")
                        .hasMessageContaining("\"" + key + "\" is not supported yet");
            }
        }
    }

    private static void assertRefused(Map<String, String> nic, String key) {
        assertThatThrownBy(() -> Devices.validate(Map.of("eth0", nic))).as(nic.toString())
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
