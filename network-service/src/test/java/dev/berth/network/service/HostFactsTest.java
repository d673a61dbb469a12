package dev.berth.network.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.config.Subnets.Cidr;

class HostFactsTest {

    @Test
    void shouldSkipDefaultRoutesAndKeepHostRoutesWhenParsingRoutes() {
        String json = "[{\"dst\":\"default\",\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\"},"
                + "{\"dst\":\"192.0.2.0/24\",\"dev\":\"eth0\"},{\"type\":\"local\",\"dst\":\"10.9.9.9\","
                + "\"table\":\"local\"},{\"dst\":\"0.0.0.0/0\",\"table\":\"51820\"},{\"dst\":\"fe80::/64\"}]";

        assertThat(HostFacts.routes(json)).containsExactly(Cidr.parse("192.0.2.0/24"), Cidr.parse("10.9.9.9/32"));
    }

    @Test
    void shouldReadIpv4AddressesWithTheirPrefixWhenParsingAddr() {
        String json = "[{\"ifname\":\"lo\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\","
                + "\"prefixlen\":8},{\"family\":\"inet6\",\"local\":\"::1\",\"prefixlen\":128}]},"
                + "{\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.1.2.3\",\"prefixlen\":16}]}]";

        assertThat(HostFacts.addresses(json)).containsExactly(Cidr.parse("127.0.0.1/8"), Cidr.parse("10.1.2.3/16"));
        assertThat(HostFacts.interfaceNames(json)).containsExactly("eth0", "lo");
    }

    @Test
    void shouldReportAddressesAndCountersWhenParsingState() {
        String json = "[{\"ifname\":\"br0\",\"flags\":[\"BROADCAST\",\"UP\"],\"mtu\":1500,\"link_type\":\"ether\","
                + "\"address\":\"00:16:3e:00:00:01\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.1.2.1\","
                + "\"prefixlen\":24,\"scope\":\"global\"}],\"stats64\":{\"rx\":{\"bytes\":10,\"packets\":1},"
                + "\"tx\":{\"bytes\":20,\"packets\":2}}}]";

        assertThat(HostFacts.parseState(json)).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo("up");
            assertThat(s.mtu()).isEqualTo(1500);
            assertThat(s.addresses()).singleElement().satisfies(a -> {
                assertThat(a.address()).isEqualTo("10.1.2.1");
                assertThat(a.netmask()).isEqualTo("24");
            });
            assertThat(s.counters().bytesSent()).isEqualTo(20);
            assertThat(s.counters().packetsReceived()).isEqualTo(1);
        });
        assertThat(HostFacts.parseState("[]")).isEmpty();
    }

    @Test
    void shouldFindTheHostsOwnSubnetsWhenReadingThisMachine() {
        // The real ip command: reading kernel tables only
        HostFacts facts = new HostFacts();
        facts.ip = "ip";

        assertThat(facts.takenSubnets()).contains(Cidr.parse("127.0.0.1/8"));
        assertThat(facts.interfaces()).contains("lo");
    }
}
