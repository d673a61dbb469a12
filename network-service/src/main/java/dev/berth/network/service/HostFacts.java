package dev.berth.network.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.config.Subnets;
import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.lxd.NetworkState;

/**
 * What the node's own network stack says, read with {@code ip -j} (network-service runs on the node in the
 * single-node setup): its IPv4 addresses and routes, its interface names, and one interface's state. It only reads
 * kernel tables; it never sends traffic to find out whether a subnet is in use.
 */
@ApplicationScoped
public class HostFacts {
    private static final Logger LOG = Logger.getLogger(HostFacts.class);

    @ConfigProperty(name = "berth.network.ip-command", defaultValue = "ip")
    String ip;

    /** Every subnet the host has an address in or a route to, in any routing table. */
    public List<Cidr> takenSubnets() {
        List<Cidr> out = new ArrayList<>(addresses(run("-4", "-j", "addr", "show")));
        out.addAll(routes(run("-4", "-j", "route", "show", "table", "all")));
        return out;
    }

    public Set<String> interfaces() {
        return interfaceNames(run("-j", "link", "show"));
    }

    /** The interface's state, or empty when it does not exist (yet). */
    public Optional<NetworkState> state(String name) {
        Optional<String> json = tryRun("-j", "-s", "addr", "show", "dev", name);
        return json.flatMap(HostFacts::parseState);
    }

    static List<Cidr> addresses(String json) {
        List<Cidr> out = new ArrayList<>();
        for (JsonNode link : tree(json)) {
            for (JsonNode a : link.path("addr_info")) {
                if ("inet".equals(a.path("family").asText())) {
                    parse(a.path("local").asText() + "/" + a.path("prefixlen").asInt(32)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** Route destinations; {@code default} is no subnet and is left out. */
    static List<Cidr> routes(String json) {
        List<Cidr> out = new ArrayList<>();
        for (JsonNode r : tree(json)) {
            String dst = r.path("dst").asText("");
            if (!dst.isEmpty() && !"default".equals(dst)) {
                parse(dst).filter(c -> c.prefix() > 0).ifPresent(out::add);
            }
        }
        return out;
    }

    static Set<String> interfaceNames(String json) {
        Set<String> out = new TreeSet<>();
        for (JsonNode link : tree(json)) {
            out.add(link.path("ifname").asText());
        }
        return out;
    }

    static Optional<NetworkState> parseState(String json) {
        JsonNode tree = tree(json);
        if (!tree.isArray() || tree.isEmpty()) {
            return Optional.empty();
        }
        JsonNode link = tree.get(0);
        List<NetworkState.Address> addresses = new ArrayList<>();
        for (JsonNode a : link.path("addr_info")) {
            addresses.add(new NetworkState.Address(a.path("family").asText(), a.path("local").asText(),
                    a.path("prefixlen").asText(), a.path("scope").asText()));
        }
        JsonNode stats = link.path("stats64");
        NetworkState.Counters counters = new NetworkState.Counters(stats.path("rx").path("bytes").asLong(),
                stats.path("tx").path("bytes").asLong(), stats.path("rx").path("packets").asLong(),
                stats.path("tx").path("packets").asLong());
        boolean up = false;
        for (JsonNode flag : link.path("flags")) {
            up |= "UP".equals(flag.asText());
        }
        return Optional.of(new NetworkState(addresses, counters, link.path("address").asText(),
                link.path("mtu").asLong(), up ? "up" : "down",
                "loopback".equals(link.path("link_type").asText()) ? "loopback" : "broadcast"));
    }

    private static Optional<Cidr> parse(String text) {
        try {
            return Optional.of(Subnets.Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            LOG.debugf("host facts: skipping %s (%s)", text, e.getMessage());
            return Optional.empty();
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json == null || json.isBlank() ? "[]" : json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse ip -j output: " + e.getMessage(), e);
        }
    }

    private String run(String... args) {
        return tryRun(args).orElseThrow(() -> new Refusal(500, "Cannot read the host's network configuration ("
                + ip + " " + String.join(" ", args) + " failed)"));
    }

    private Optional<String> tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of(ip));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            LOG.warnf("host facts: %s: %s", command, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
