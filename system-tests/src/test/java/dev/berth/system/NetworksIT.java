package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;

/**
 * Managed networks through {@code /1.0/networks}: network-service keeps the record and the node's executor builds
 * the bridge, its nftables tables and its dnsmasq, and removes them again.
 */
@ExtendWith(Stack.class)
class NetworksIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        Instances.errorCode("DELETE", "/1.0/networks/it-net0", null);
        api.close();
    }

    @Test
    void shouldBuildTheBridgeFirewallAndDnsmasqOnTheHostAndRemoveThemOnDelete() {
        // Given the default network, made on the first start of a fresh database, is on the host and used by the
        // default profile's eth0
        String gateway0 = "none";
        if (Instances.errorCode("GET", "/1.0/networks/berthbr0", null) == 0) {
            gateway0 = api.sync("GET", "/1.0/networks/berthbr0", null).path("config").path("ipv4.address").asText();
            assertThat(api.sync("GET", "/1.0/networks/berthbr0", null).path("used_by").toString())
                    .contains("/1.0/profiles/default");
            assertThat(gateway0).matches("10\\.\\d+\\.\\d+\\.1/24");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Host.runAny("ip", "link", "show", "berthbr0").code() == 0);
        }

        // When a network is created with an automatic subnet
        api.sync("POST", "/1.0/networks", Map.of("name", "it-net0", "config", Map.of("ipv4.address", "auto",
                "ipv4.nat", "true", "dns.domain", "it")));

        // Then the bridge carries the chosen gateway, its table exists and its dnsmasq serves it
        String gateway = api.sync("GET", "/1.0/networks/it-net0", null).path("config").path("ipv4.address").asText();
        assertThat(gateway).matches("10\\.\\d+\\.\\d+\\.1/24").isNotEqualTo(gateway0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Host.runAny("ip", "-br", "addr", "show", "it-net0").output()).contains(gateway);
            assertThat(Host.runAny("nft", "list", "tables").output()).contains("berth-it-net0");
            assertThat(Host.runAny("pgrep", "-f", "dnsmasq.*it-net0").code()).isZero();
        });
        JsonNode state = api.sync("GET", "/1.0/networks/it-net0/state", null);
        assertThat(state.toString()).contains(gateway.split("/")[0]);

        // And bad input is a 400 naming the key, with nothing made
        assertThat(Instances.errorCode("POST", "/1.0/networks",
                "{\"name\":\"it-net1\",\"config\":{\"ipv4.address\":\"" + gateway + "\"}}")).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/networks",
                "{\"name\":\"it-net1\",\"config\":{\"ipv4.address\":\"10.300.0.1/24\"}}")).isEqualTo(400);
        assertThat(Instances.errorCode("POST", "/1.0/networks",
                "{\"name\":\"it-net1\",\"config\":{\"ipv4.address\":\"auto\",\"ipv4.dhcp.ranges\":\"1.2.3.4-1.2.3.9\"}}"))
                .isEqualTo(400);
        assertThat(Instances.errorCode("GET", "/1.0/networks/it-net1", null)).isEqualTo(404);

        // And a profile whose NIC joins it keeps it from being deleted, and shows in its used_by
        api.sync("POST", "/1.0/profiles", Map.of("name", "it-netprof", "devices", Map.of("eth1",
                Map.of("type", "nic", "network", "it-net0"))));
        try {
            assertThat(api.sync("GET", "/1.0/networks/it-net0", null).path("used_by").toString())
                    .contains("/1.0/profiles/it-netprof");
            assertThat(Instances.errorCode("DELETE", "/1.0/networks/it-net0", null)).isEqualTo(400);
        } finally {
            api.sync("DELETE", "/1.0/profiles/it-netprof", null);
        }

        // When it is deleted
        api.sync("DELETE", "/1.0/networks/it-net0", null);

        // Then the bridge, its tables and its dnsmasq are gone from the host
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Host.runAny("ip", "link", "show", "it-net0").code()).isNotZero();
            assertThat(Host.runAny("nft", "list", "tables").output()).doesNotContain("berth-it-net0");
            assertThat(Host.runAny("pgrep", "-f", "dnsmasq.*it-net0").code()).isNotZero();
        });
        assertThat(Instances.errorCode("GET", "/1.0/networks/it-net0", null)).isEqualTo(404);
    }
}
