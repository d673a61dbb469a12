package dev.berth.executor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.messaging.ContainerSpec;

class LiveDevicesTest {

    @Test
    void shouldPlugOnlyHostPathDisksAndDeviceNodesLive() {
        // Given a spec with a root disk, a host path disk, a char and a block node, a NIC and a proxy
        ContainerSpec spec = new ContainerSpec("f", null, null, Map.of(), Map.of(
                "root", Map.of("type", "disk", "path", "/", "pool", "default"),
                "data", Map.of("type", "disk", "source", "/srv", "path", "/srv"),
                "zero", Map.of("type", "unix-char", "source", "/dev/zero"),
                "loop", Map.of("type", "unix-block", "source", "/dev/loop0"),
                "eth0", Map.of("type", "nic", "network", "berthbr0"),
                "web", Map.of("type", "proxy", "listen", "tcp:0.0.0.0:80", "connect", "tcp:127.0.0.1:80")), null);

        // When its live devices are taken, Then the root disk, the NIC and the proxy are left to their own code
        assertThat(LiveDevices.of(spec)).containsOnlyKeys("data", "zero", "loop");
    }

    @Test
    void shouldReadMountPointsWithTheirOctalEscapesUndone() {
        assertThat(LiveDevices.unescape("/mnt/my\\040data")).isEqualTo("/mnt/my data");
        assertThat(LiveDevices.unescape("/mnt/plain")).isEqualTo("/mnt/plain");
    }
}
