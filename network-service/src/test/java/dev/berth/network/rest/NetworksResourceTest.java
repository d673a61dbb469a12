package dev.berth.network.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.config.Subnets;
import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.network.Http;
import dev.berth.network.Http.Answer;
import dev.berth.network.Outbox;
import dev.berth.network.service.HostFacts;
import dev.berth.network.service.Ipam;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /1.0/networks} in LXD's shape against a real PostgreSQL (schema network_test). */
@QuarkusTest
class NetworksResourceTest {

    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    Ipam ipam;
    @Inject
    HostFacts host;

    private Http http() {
        return new Http(base);
    }

    private Answer create(String name, Map<String, String> config) {
        return http().send("POST", "/1.0/networks", Map.of("name", name, "type", "bridge", "config", config), null);
    }

    @Test
    void shouldHaveMadeTheDefaultNetworkWhenTheServiceStarted() {
        // When
        Answer a = http().get("/1.0/networks/berthbr0");

        // Then an auto subnet was stored, clear of the host's own subnets
        assertThat(a.status()).isEqualTo(200);
        JsonNode config = a.metadata().path("config");
        Cidr subnet = Cidr.parse(config.path("ipv4.address").asText());
        assertThat(subnet.prefix()).isEqualTo(24);
        assertThat(Subnets.format(subnet.address())).startsWith("10.").endsWith(".1");
        assertThat(Subnets.firstOverlap(subnet, host.takenSubnets())).isEmpty();
        assertThat(config.path("ipv4.nat").asText()).isEqualTo("true");
        assertThat(config.path("dns.domain").asText()).isEqualTo("berth");
        assertThat(a.metadata().path("managed").asBoolean()).isTrue();
        assertThat(a.metadata().path("type").asText()).isEqualTo("bridge");
        assertThat(a.metadata().path("status").asText()).isEqualTo("Created");
        assertThat(a.metadata().path("locations").get(0).asText()).isEqualTo("none");
        assertThat(Outbox.commands(dataSource, "berthbr0")).first()
                .satisfies(c -> assertThat(c.path("type").asText()).isEqualTo("EnsureNetwork"));
    }

    @Test
    void shouldListUrlsOrObjectsWhenAskedForRecursion0Or1() {
        // Given
        assertThat(create("list0", Map.of("ipv4.address", "172.20.1.1/24")).status()).isEqualTo(200);

        // When
        Answer urls = http().get("/1.0/networks");
        Answer objects = http().get("/1.0/networks?recursion=1");

        // Then
        assertThat(urls.body().path("type").asText()).isEqualTo("sync");
        assertThat(urls.body().path("status_code").asInt()).isEqualTo(200);
        assertThat(urls.metadata()).extracting(JsonNode::asText).contains("/1.0/networks/list0",
                "/1.0/networks/berthbr0");
        assertThat(objects.metadata()).anySatisfy(n -> {
            assertThat(n.path("name").asText()).isEqualTo("list0");
            assertThat(n.path("used_by").isArray()).isTrue();
        });
    }

    @Test
    void shouldStoreTheChosenSubnetAndDefaultsWhenCreatedWithAuto() {
        // When
        Answer created = create("auto1", Map.of("ipv4.address", "auto"));

        // Then
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.raw().headers().firstValue("Location")).contains("/1.0/networks/auto1");
        JsonNode config = http().get("/1.0/networks/auto1").metadata().path("config");
        Cidr chosen = Cidr.parse(config.path("ipv4.address").asText());
        Cidr other = Cidr.parse(http().get("/1.0/networks/berthbr0").metadata().path("config")
                .path("ipv4.address").asText());
        assertThat(chosen.overlaps(other)).isFalse();
        assertThat(config.path("ipv4.nat").asText()).isEqualTo("true");
        assertThat(config.path("ipv6.address").asText()).isEqualTo("none");
        assertThat(Outbox.commands(dataSource, "auto1")).singleElement().satisfies(c -> {
            assertThat(c.path("type").asText()).isEqualTo("EnsureNetwork");
            assertThat(c.path("node").asText()).isEqualTo("local");
            assertThat(c.path("config").path("ipv4.address").asText()).isEqualTo(chosen.toString());
        });
    }

    @Test
    void shouldRefuseWith400WhenSubnetsOverlap() {
        // Given
        assertThat(create("ovl1", Map.of("ipv4.address", "172.20.2.1/24")).status()).isEqualTo(200);

        // When
        Answer a = create("ovl2", Map.of("ipv4.address", "172.20.0.1/16"));

        // Then
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("type").asText()).isEqualTo("error");
        assertThat(a.body().path("error_code").asInt()).isEqualTo(400);
        assertThat(a.error()).contains("\"ipv4.address\"").contains("overlaps network \"ovl1\"");
        assertThat(http().get("/1.0/networks/ovl2").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseWith400NamingTheKeyWhenConfigIsInvalid() {
        assertThat(create("bad1", Map.of("ipv4.address", "172.20.3.0/24")).error()).contains("\"ipv4.address\"");
        assertThat(create("bad1", Map.of("ipv4.address", "172.20.3.1/24", "ipv4.dhcp.ranges",
                "172.20.4.10-172.20.4.20")).error()).contains("\"ipv4.dhcp.ranges\"").contains("not inside");
        assertThat(create("bad1", Map.of("ipv6.address", "auto")).error()).contains("\"ipv6.address\"")
                .contains("not supported");
        assertThat(create("bad1", Map.of("ipv4.routing", "true")).error()).contains("\"ipv4.routing\"");
        assertThat(create("bad1", Map.of("bridge.mtu", "9")).status()).isEqualTo(400);
        assertThat(create("a-name-too-long-for-linux", Map.of()).error()).contains("15 characters");
        assertThat(http().send("POST", "/1.0/networks", Map.of("name", "bad1", "type", "macvlan"), null).error())
                .contains("only \"bridge\"");
        assertThat(http().send("POST", "/1.0/networks", "{not json", null).status()).isEqualTo(400);
        assertThat(create("lo", Map.of()).error()).contains("already has an interface");
        assertThat(http().get("/1.0/networks/bad1").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseWith409WhenTheNameExists() {
        assertThat(create("dup1", Map.of("ipv4.address", "172.20.5.1/24")).status()).isEqualTo(200);

        Answer again = create("dup1", Map.of("ipv4.address", "172.20.6.1/24"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error_code").asInt()).isEqualTo(409);
    }

    @Test
    void shouldHonourIfMatchWhenUpdating() {
        // Given
        assertThat(create("etag1", Map.of("ipv4.address", "172.20.7.1/24")).status()).isEqualTo(200);
        Answer got = http().get("/1.0/networks/etag1");
        String etag = got.raw().headers().firstValue("ETag").orElseThrow();

        // When a PUT carries the current tag, then a second one carries the now stale one
        Answer put = http().send("PUT", "/1.0/networks/etag1", Map.of("description", "d1", "config",
                Map.of("ipv4.address", "172.20.7.1/24", "dns.domain", "one.lan")), etag);
        Answer stale = http().send("PUT", "/1.0/networks/etag1", Map.of("config", Map.of()), etag);

        // Then
        assertThat(put.status()).isEqualTo(200);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body().path("error_code").asInt()).isEqualTo(412);
        JsonNode now = http().get("/1.0/networks/etag1").metadata();
        assertThat(now.path("description").asText()).isEqualTo("d1");
        assertThat(now.path("config").path("dns.domain").asText()).isEqualTo("one.lan");
        assertThat(Outbox.commands(dataSource, "etag1")).hasSize(2);
    }

    @Test
    void shouldMergeAndRemoveEmptyKeysWhenPatched() {
        // Given
        assertThat(create("patch1", Map.of("ipv4.address", "172.20.8.1/24", "dns.domain", "x.lan")).status())
                .isEqualTo(200);

        // When
        Answer a = http().send("PATCH", "/1.0/networks/patch1", Map.of("config", Map.of("dns.domain", "",
                "bridge.mtu", "1400", "ipv4.dhcp.ranges", "172.20.8.100-172.20.8.120")), null);
        Answer bad = http().send("PATCH", "/1.0/networks/patch1", Map.of("config", Map.of("ipv4.dhcp.ranges",
                "172.20.9.1-172.20.9.5")), null);

        // Then
        assertThat(a.status()).isEqualTo(200);
        JsonNode config = http().get("/1.0/networks/patch1").metadata().path("config");
        assertThat(config.has("dns.domain")).isFalse();
        assertThat(config.path("bridge.mtu").asText()).isEqualTo("1400");
        assertThat(config.path("ipv4.address").asText()).isEqualTo("172.20.8.1/24");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("\"ipv4.dhcp.ranges\"");
    }

    @Test
    void shouldRefuseToDeleteWhenInUseAnd404WhenUnknown() {
        // Given a network with one instance's address on it
        assertThat(create("del1", Map.of("ipv4.address", "172.20.10.1/24")).status()).isEqualTo(200);
        ipam.allocate("del1", new AllocationRequest("default", "c-del1", "eth0", null, null));

        // When / Then
        Answer inUse = http().send("DELETE", "/1.0/networks/del1", null, null);
        assertThat(inUse.status()).isEqualTo(400);
        assertThat(inUse.error()).contains("in use");
        assertThat(http().get("/1.0/networks/del1").metadata().path("used_by"))
                .extracting(JsonNode::asText).containsExactly("/1.0/instances/c-del1");

        ipam.release("default", "c-del1", null);
        assertThat(http().send("DELETE", "/1.0/networks/del1", null, null).status()).isEqualTo(200);
        assertThat(http().get("/1.0/networks/del1").status()).isEqualTo(404);
        assertThat(http().send("DELETE", "/1.0/networks/del1", null, null).status()).isEqualTo(404);
        assertThat(Outbox.commands(dataSource, "del1")).extracting(c -> c.path("type").asText())
                .containsExactly("EnsureNetwork", "DeleteNetwork");
    }

    @Test
    void shouldRenameWhenUnusedAndRefuseWhenInUse() {
        // Given
        assertThat(create("ren1", Map.of("ipv4.address", "172.20.11.1/24")).status()).isEqualTo(200);
        assertThat(create("ren3", Map.of("ipv4.address", "172.20.12.1/24")).status()).isEqualTo(200);

        // When
        Answer renamed = http().send("POST", "/1.0/networks/ren1", Map.of("name", "ren2"), null);
        Answer clash = http().send("POST", "/1.0/networks/ren2", Map.of("name", "ren3"), null);
        ipam.allocate("ren3", new AllocationRequest("default", "c-ren3", "eth0", null, null));
        Answer busy = http().send("POST", "/1.0/networks/ren3", Map.of("name", "ren4"), null);

        // Then
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.raw().headers().firstValue("Location")).contains("/1.0/networks/ren2");
        assertThat(http().get("/1.0/networks/ren1").status()).isEqualTo(404);
        assertThat(http().get("/1.0/networks/ren2").metadata().path("config").path("ipv4.address").asText())
                .isEqualTo("172.20.11.1/24");
        assertThat(Outbox.commands(dataSource, "ren1")).extracting(c -> c.path("type").asText())
                .containsExactly("EnsureNetwork", "DeleteNetwork");
        assertThat(Outbox.commands(dataSource, "ren2")).extracting(c -> c.path("type").asText())
                .containsExactly("EnsureNetwork");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(busy.status()).isEqualTo(400);
        ipam.release("default", "c-ren3", null);
    }

    @Test
    void shouldListStaticAndDynamicLeasesWhenInstancesHoldAddresses() {
        // Given
        assertThat(create("lease1", Map.of("ipv4.address", "172.20.13.1/24", "ipv4.dhcp.ranges",
                "172.20.13.50-172.20.13.60")).status()).isEqualTo(200);
        ipam.allocate("lease1", new AllocationRequest("default", "c1", "eth0", null, "00:16:3E:AA:BB:01"));
        ipam.allocate("lease1", new AllocationRequest("p2", "c2", "eth0", "172.20.13.7", null));

        // When
        Answer a = http().get("/1.0/networks/lease1/leases");

        // Then
        assertThat(a.status()).isEqualTo(200);
        List<JsonNode> leases = List.of(a.metadata().get(0), a.metadata().get(1));
        assertThat(leases).anySatisfy(l -> {
            assertThat(l.path("hostname").asText()).isEqualTo("c1");
            assertThat(l.path("address").asText()).isEqualTo("172.20.13.50");
            assertThat(l.path("hwaddr").asText()).isEqualTo("00:16:3e:aa:bb:01");
            assertThat(l.path("type").asText()).isEqualTo("dynamic");
            assertThat(l.path("location").asText()).isEqualTo("none");
        });
        assertThat(leases).anySatisfy(l -> {
            assertThat(l.path("hostname").asText()).isEqualTo("c2");
            assertThat(l.path("address").asText()).isEqualTo("172.20.13.7");
            assertThat(l.path("type").asText()).isEqualTo("static");
            assertThat(l.path("project").asText()).isEqualTo("p2");
            assertThat(l.path("hwaddr").asText()).matches("00:16:3e(:[0-9a-f]{2}){3}");
        });
        assertThat(http().get("/1.0/networks/lease1").metadata().path("used_by")).extracting(JsonNode::asText)
                .containsExactly("/1.0/instances/c1", "/1.0/instances/c2?project=p2");
        assertThat(http().get("/1.0/networks/nosuch/leases").status()).isEqualTo(404);
        ipam.release("default", "c1", null);
        ipam.release("p2", "c2", "eth0");
    }

    @Test
    void shouldReportDownWhenTheBridgeIsNotThereYet() {
        assertThat(create("state1", Map.of("ipv4.address", "172.20.14.1/24")).status()).isEqualTo(200);

        Answer a = http().get("/1.0/networks/state1/state");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.metadata().path("state").asText()).isEqualTo("down");
        assertThat(a.metadata().path("counters").has("bytes_received")).isTrue();
        assertThat(http().get("/1.0/networks/nosuch/state").status()).isEqualTo(404);
    }

    @Test
    void shouldAnswerAnLxdErrorWhenTheNetworkIsUnknown() {
        Answer a = http().get("/1.0/networks/nosuch");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().path("type").asText()).isEqualTo("error");
        assertThat(a.body().path("error_code").asInt()).isEqualTo(404);
        assertThat(a.error()).isEqualTo("Network not found");
    }
}
