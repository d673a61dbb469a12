package dev.berth.network.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.contracts.lxd.NetworksPost;
import dev.berth.network.Outbox;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.repository.AllocationRepository;
import dev.berth.support.jdbc.Tx;
import io.quarkus.test.junit.QuarkusTest;

/** IPAM against a real PostgreSQL: uniqueness under races, static addresses, ranges, release. */
@QuarkusTest
class IpamTest {

    @Inject
    Ipam ipam;
    @Inject
    NetworkService networks;
    @Inject
    AllocationRepository allocations;
    @Inject
    Tx tx;
    @Inject
    DataSource dataSource;

    private void network(String name, Map<String, String> config) {
        networks.create(new NetworksPost(name, "", "bridge", config));
    }

    private static AllocationRequest nic(String instance, String ipv4) {
        return new AllocationRequest("default", instance, "eth0", ipv4, null);
    }

    @Test
    void shouldGiveTwentyDistinctAddressesWhenTwentyAllocationsRace() throws Exception {
        // Given a network and 20 threads released at once
        network("race1", Map.of("ipv4.address", "172.21.1.1/24"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Allocation>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String instance = "race-" + i;
            futures.add(pool.submit(() -> {
                go.await();
                return ipam.allocate("race1", nic(instance, null));
            }));
        }

        // When
        go.countDown();
        List<Allocation> got = new ArrayList<>();
        for (Future<Allocation> f : futures) {
            got.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // Then 20 distinct addresses and MACs, none the gateway, all in the subnet, as the table says
        assertThat(got).extracting(Allocation::ipv4).doesNotHaveDuplicates().hasSize(20)
                .doesNotContain("172.21.1.1").allSatisfy(ip -> assertThat(ip).startsWith("172.21.1."));
        assertThat(got).extracting(Allocation::hwaddr).doesNotHaveDuplicates();
        List<NicAddress> rows = tx.run(c -> allocations.byNetwork(c, "race1"));
        assertThat(rows).extracting(NicAddress::ipv4)
                .containsExactlyInAnyOrderElementsOf(got.stream().map(Allocation::ipv4).toList());
        assertThat(got).allSatisfy(a -> {
            assertThat(a.gateway()).isEqualTo("172.21.1.1");
            assertThat(a.prefix()).isEqualTo(24);
            assertThat(a.isStatic()).isFalse();
        });
    }

    @Test
    void shouldRefuseADuplicateAddressInTheTableEvenWithoutTheLock() {
        // Given one allocation
        network("uniq1", Map.of("ipv4.address", "172.21.2.1/24"));
        Allocation a = ipam.allocate("uniq1", nic("u1", null));

        // When a second row with the same address is inserted directly (no network row lock)
        // Then PostgreSQL's unique key refuses it
        assertThatThrownBy(() -> tx.run(c -> {
            allocations.insert(c, new NicAddress("uniq1", "default", "u2", "eth0", "00:16:3e:00:00:99", a.ipv4(),
                    false));
            return null;
        })).hasCauseInstanceOf(SQLException.class).cause()
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    }

    @Test
    void shouldHandOutOnlyDhcpRangeAddressesWhenRangesAreSet() {
        network("range1", Map.of("ipv4.address", "172.21.3.1/24", "ipv4.dhcp.ranges",
                "172.21.3.10-172.21.3.11,172.21.3.20-172.21.3.20"));

        List<String> got = List.of(ipam.allocate("range1", nic("r1", null)).ipv4(),
                ipam.allocate("range1", nic("r2", null)).ipv4(), ipam.allocate("range1", nic("r3", null)).ipv4());

        assertThat(got).containsExactly("172.21.3.10", "172.21.3.11", "172.21.3.20");
        assertThatThrownBy(() -> ipam.allocate("range1", nic("r4", null))).isInstanceOfSatisfying(Refusal.class,
                e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("No free IPv4 address");
                });
        // A static address outside the ranges but inside the subnet is fine
        assertThat(ipam.allocate("range1", nic("r5", "172.21.3.200")).ipv4()).isEqualTo("172.21.3.200");
    }

    @Test
    void shouldSkipTheGatewayWhenTheWholeSubnetIsThePool() {
        network("gw1", Map.of("ipv4.address", "172.21.4.1/30"));

        assertThat(ipam.allocate("gw1", nic("g1", null)).ipv4()).isEqualTo("172.21.4.2");
        assertThatThrownBy(() -> ipam.allocate("gw1", nic("g2", null))).isInstanceOf(Refusal.class);
    }

    @Test
    void shouldRefuseNamingTheKeyWhenAStaticAddressIsWrong() {
        network("stat1", Map.of("ipv4.address", "172.21.5.1/24"));
        ipam.allocate("stat1", nic("s1", "172.21.5.9"));

        assertRefused(() -> ipam.allocate("stat1", nic("s2", "172.21.6.9")), 400,
                "option \"ipv4.address\" (\"172.21.6.9\"): not inside the subnet");
        assertRefused(() -> ipam.allocate("stat1", nic("s2", "172.21.5.1")), 400, "gateway");
        assertRefused(() -> ipam.allocate("stat1", nic("s2", "172.21.5.255")), 400, "broadcast");
        assertRefused(() -> ipam.allocate("stat1", nic("s2", "172.21.5.x")), 400, "not an IPv4 address");
        assertRefused(() -> ipam.allocate("stat1", nic("s2", "172.21.5.9")), 409, "already used by instance \"s1\"");
        assertThatThrownBy(() -> ipam.allocate("stat1", new AllocationRequest(null, "s2", "eth0", null, "zz")))
                .hasMessageContaining("\"hwaddr\"");
        assertThatThrownBy(() -> ipam.allocate("nosuch", nic("s2", null))).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void shouldGiveAMacButNoAddressWhenTheNetworkHasNoIpv4() {
        // Given a network without IPv4
        network("noip1", Map.of("ipv4.address", "none"));

        // When a NIC joins it, and asks again
        Allocation first = ipam.allocate("noip1", nic("n1", null));
        Allocation again = ipam.allocate("noip1", nic("n1", null));

        // Then it holds a MAC, the same one, and no address; a static address there is refused naming the key
        assertThat(first.ipv4()).isNull();
        assertThat(first.gateway()).isNull();
        assertThat(first.hwaddr()).matches("00:16:3e(:[0-9a-f]{2}){3}");
        assertThat(again.hwaddr()).isEqualTo(first.hwaddr());
        assertThat(ipam.allocate("noip1", nic("n2", null)).hwaddr()).isNotEqualTo(first.hwaddr());
        assertRefused(() -> ipam.allocate("noip1", nic("n3", "10.1.2.3")), 400, "has no IPv4 subnet");
        assertThat(ipam.release("default", "n1", null)).hasSize(1);
    }

    @Test
    void shouldReturnTheSameAddressWhenTheSameNicAsksAgainAndMoveItWhenTheRequestChanges() {
        network("idem1", Map.of("ipv4.address", "172.21.7.1/24"));

        Allocation first = ipam.allocate("idem1", nic("i1", null));
        Allocation again = ipam.allocate("idem1", nic("i1", null));
        Allocation moved = ipam.allocate("idem1", nic("i1", "172.21.7.77"));

        assertThat(again).isEqualTo(first);
        assertThat(moved.ipv4()).isEqualTo("172.21.7.77");
        assertThat(moved.isStatic()).isTrue();
        assertThat(networks.leases("idem1")).singleElement()
                .satisfies(l -> assertThat(l.type()).isEqualTo("static"));
    }

    @Test
    void shouldFreeTheAddressWhenReleased() {
        network("rel1", Map.of("ipv4.address", "172.21.8.1/24"));
        Allocation a = ipam.allocate("rel1", nic("x1", null));
        ipam.allocate("rel1", new AllocationRequest("default", "x1", "eth1", null, null));

        assertThat(ipam.release("default", "x1", "eth0")).singleElement()
                .satisfies(r -> assertThat(r.ipv4()).isEqualTo(a.ipv4()));
        assertThat(ipam.allocate("rel1", nic("x2", null)).ipv4()).isEqualTo(a.ipv4());
        assertThat(ipam.release("default", "x1", null)).extracting(NicAddress::device).containsExactly("eth1");
        assertThat(ipam.release("default", "x1", null)).isEmpty();
    }

    @Test
    void shouldKeepTheAddressUnderTheNewNameWhenAnInstanceIsRenamed() throws Exception {
        // Given an instance with an address, and a deleted namesake whose release has not come yet
        network("ren1", Map.of("ipv4.address", "172.21.19.1/24"));
        Allocation a = ipam.allocate("ren1", nic("r1", null));
        Allocation stale = ipam.allocate("ren1", nic("r2", null));
        java.time.Instant deleted = java.time.Instant.now();
        Thread.sleep(10);

        // When r1 is renamed to r2
        assertThat(ipam.rename("default", "r1", "r2")).singleElement()
                .satisfies(r -> assertThat(r.ipv4()).isEqualTo(a.ipv4()));

        // Then r2 holds r1's address (and MAC), the stale one is free, and r1 holds nothing
        Allocation held = ipam.allocate("ren1", new AllocationRequest("default", "r2", "eth0", null, a.hwaddr()));
        assertThat(held.ipv4()).isEqualTo(a.ipv4());
        assertThat(networks.leases("ren1")).hasSize(1);
        assertThat(ipam.release("default", "r1", null)).isEmpty();

        // And the late release of the deleted namesake leaves the renamed address alone; renaming again is a no-op
        assertThat(ipam.releaseDeleted("default", "r2", deleted)).isEmpty();
        assertThat(ipam.rename("default", "r1", "r2")).isEmpty();
        assertThat(ipam.allocate("ren1", nic("r3", null)).ipv4()).isNotEqualTo(a.ipv4());
        assertThat(stale.ipv4()).isNotEqualTo(a.ipv4());
    }

    @Test
    void shouldRefuseAConfigChangeThatStrandsAnAddress() {
        network("strand1", Map.of("ipv4.address", "172.21.9.1/24"));
        ipam.allocate("strand1", nic("t1", "172.21.9.200"));

        assertRefused(() -> networks.update("strand1", new NetworksPost(null, null, null,
                Map.of("ipv4.address", "172.21.9.1/25")), true, null), 400, "\"ipv4.address\"");
    }

    @Test
    void shouldMakeOneDefaultNetworkWhenTwoStartsRace() throws Exception {
        // Given the default network and its bootstrap mark gone, as on a fresh database
        tx.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM networks WHERE name = 'berthbr0'");
                    PreparedStatement ps2 = c.prepareStatement("DELETE FROM bootstrap")) {
                ps.executeUpdate();
                ps2.executeUpdate();
            }
            return null;
        });
        int before = Outbox.commands(dataSource, "berthbr0").size();

        // When two starts run at once, then a third later
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> a = pool.submit(() -> networks.ensureDefault());
        Future<?> b = pool.submit(() -> networks.ensureDefault());
        a.get(30, TimeUnit.SECONDS);
        b.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(networks.ensureDefault()).isEmpty();

        // Then one network and one command
        assertThat(networks.list()).filteredOn(n -> n.name().equals("berthbr0")).hasSize(1);
        assertThat(Outbox.commands(dataSource, "berthbr0")).hasSize(before + 1);

        // And once deleted by the user, a start does not bring it back
        networks.delete("berthbr0");
        assertThat(networks.ensureDefault()).isEmpty();
        assertThat(networks.list()).noneMatch(n -> n.name().equals("berthbr0"));
        clearBootstrap();
        networks.ensureDefault();
    }

    private void clearBootstrap() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM bootstrap")) {
            ps.executeUpdate();
        }
    }

    private static void assertRefused(Runnable call, int code, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }

}
