package dev.berth.executor.network;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.executor.proc.Exec;

/**
 * Picks private 10.x.y.0/24 subnets for tests that clash with no address or route of the host, read from
 * {@code ip -j addr} and {@code ip -j route}: nothing is probed by sending traffic.
 */
final class TestSubnets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Ipv4Cidr> TAKEN = new ArrayList<>();

    private TestSubnets() {
    }

    static synchronized Ipv4Cidr pick() throws IOException {
        List<Ipv4Cidr> used = inUse();
        for (int attempt = 0; attempt < 1000; attempt++) {
            Ipv4Cidr candidate = new Ipv4Cidr((10 << 24) | (RANDOM.nextInt(256) << 16) | (RANDOM.nextInt(256) << 8),
                    24);
            if (used.stream().noneMatch(candidate::overlaps) && TAKEN.stream().noneMatch(candidate::overlaps)) {
                TAKEN.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 subnet");
    }

    private static List<Ipv4Cidr> inUse() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Ipv4Cidr> used = new ArrayList<>();
        String addrs = Exec.run(List.of("/usr/sbin/ip", "-j", "-4", "addr"), Duration.ofSeconds(10)).stdout();
        for (JsonNode link : json.readTree(addrs)) {
            for (JsonNode a : link.path("addr_info")) {
                used.add(Ipv4Cidr.parse(a.path("local").asText() + "/" + a.path("prefixlen").asInt()));
            }
        }
        String routes = Exec.run(List.of("/usr/sbin/ip", "-j", "-4", "route", "show", "table", "all"),
                Duration.ofSeconds(10)).stdout();
        for (JsonNode r : json.readTree(routes)) {
            String dst = r.path("dst").asText();
            if (dst.equals("default") || dst.isEmpty()) {
                continue;
            }
            used.add(Ipv4Cidr.parse(dst.contains("/") ? dst : dst + "/32"));
        }
        return used;
    }
}
