package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldListStaticThenDynamicWhenTheFileHasBoth() throws IOException {
        // Given: c1's static lease was taken, c3's not yet; c2 is dynamic; an IPv6 block follows
        Path file = dir.resolve("dnsmasq.leases");
        Files.writeString(file, """
                1767000000 00:16:3e:00:00:01 10.23.5.10 c1 01:00:16:3e:00:00:01
                1767000001 00:16:3e:00:00:02 10.23.5.150 c2 *
                1767000002 00:16:3e:00:00:04 10.23.5.151 * *
                duid 00:01:00:01:2c:aa:bb:cc:00:16:3e:00:00:09
                1767000003 1234 fd42::10 c9 00:01
                """);
        List<StaticLease> statics = List.of(new StaticLease("00:16:3e:00:00:01", "10.23.5.10", "c1"),
                new StaticLease("00:16:3e:00:00:03", "10.23.5.11", "c3"));

        // When
        List<Lease> leases = LeaseFile.read(file, statics);

        // Then
        assertThat(leases).containsExactly(new Lease("c1", "00:16:3e:00:00:01", "10.23.5.10", "static"),
                new Lease("c3", "00:16:3e:00:00:03", "10.23.5.11", "static"),
                new Lease("c2", "00:16:3e:00:00:02", "10.23.5.150", "dynamic"),
                new Lease("", "00:16:3e:00:00:04", "10.23.5.151", "dynamic"));
    }

    @Test
    void shouldListOnlyStaticLeasesWhenDnsmasqHasWrittenNoFileYet() {
        assertThat(LeaseFile.read(dir.resolve("missing"),
                List.of(new StaticLease("00:16:3e:00:00:01", "10.23.5.10", "c1")))).hasSize(1);
    }
}
