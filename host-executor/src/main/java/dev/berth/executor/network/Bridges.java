package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Creates and deletes the Linux bridge of a managed network with one {@code ip -batch -} per call (forking {@code ip}
 * costs more than the kernel work). Every Berth bridge is put in interface group {@link #GROUP}, which is how each
 * network's firewall recognises the other networks' bridges without knowing their names.
 */
public final class Bridges {
    /** "bert" in ASCII: an interface group no distribution assigns, matched by nftables' iifgroup/oifgroup. */
    public static final long GROUP = 0x62657274L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Makes the bridge match {@code spec}, whatever part of it exists: creates it, sets STP off and forward delay 0
     * (ports forward at once, as LXD does), the group, MTU, MAC, the gateway address, brings it up, and removes other
     * IPv4 addresses left by an earlier {@code ipv4.address}.
     */
    public void ensure(BridgeSpec spec) {
        String name = spec.name();
        boolean exists = NetTools.linkExists(name);
        if (exists && !isBridge(name)) {
            throw NetworkException.conflict("interface " + name + " exists and is not a bridge");
        }
        StringBuilder batch = new StringBuilder();
        if (!exists) {
            batch.append("link add name ").append(name).append(" type bridge\n");
        }
        batch.append("link set dev ").append(name).append(" type bridge forward_delay 0 stp_state 0\n");
        batch.append("link set dev ").append(name).append(" group ").append(GROUP).append(" mtu ").append(spec.mtu())
                .append(" address ").append(spec.hwaddr()).append(" up\n");
        if (spec.gateway() != null) {
            batch.append("addr replace ").append(spec.gateway()).append(" dev ").append(name).append('\n');
        }
        batch.append("addr show dev ").append(name).append('\n');
        String out = NetTools.run(batch.toString(), "ip", "-j", "-batch", "-").stdout();
        List<String> stale = staleIpv4(out, spec.gateway());
        if (!stale.isEmpty()) {
            StringBuilder del = new StringBuilder();
            stale.forEach(a -> del.append("addr del ").append(a).append(" dev ").append(name).append('\n'));
            // Deleting a primary address takes its secondaries with it, and the gateway may have been one of them.
            if (spec.gateway() != null) {
                del.append("addr replace ").append(spec.gateway()).append(" dev ").append(name).append('\n');
            }
            NetTools.run(del.toString(), "ip", "-batch", "-");
        }
    }

    /** Deletes the bridge; a no-op when it is gone. Ports are released, not deleted. */
    public void delete(String name) {
        NetNames.iface("bridge name", name);
        if (!NetTools.linkExists(name)) {
            return;
        }
        if (!isBridge(name)) {
            throw NetworkException.conflict("interface " + name + " is not a bridge; not deleting it");
        }
        var result = NetTools.tryRun("link del dev " + name + "\n", "ip", "-batch", "-");
        if (!result.ok() && NetTools.linkExists(name)) {
            throw NetworkException.internal("cannot delete bridge " + name + ": " + result.errorText());
        }
    }

    public boolean exists(String name) {
        return NetTools.linkExists(name) && isBridge(name);
    }

    private static boolean isBridge(String name) {
        return Files.isDirectory(Path.of("/sys/class/net", name, "bridge"));
    }

    /** IPv4 addresses on the bridge other than the gateway, from the JSON of {@code ip -j addr show}. */
    static List<String> staleIpv4(String ipJson, Ipv4Cidr gateway) {
        List<String> stale = new ArrayList<>();
        // One JSON array per show command; MappingIterator would unwrap a root array, so read tree by tree.
        try (JsonParser parser = JSON.createParser(ipJson)) {
            while (parser.nextToken() != null) {
                JsonNode doc = JSON.readTree(parser);
                for (JsonNode link : doc) {
                    for (JsonNode addr : link.path("addr_info")) {
                        if (!"inet".equals(addr.path("family").asText())) {
                            continue;
                        }
                        String cidr = addr.path("local").asText() + "/" + addr.path("prefixlen").asInt();
                        if (gateway == null || !cidr.equals(gateway.toString())) {
                            stale.add(cidr);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw NetworkException.internal("cannot parse the output of ip -j addr show: " + ipJson, e);
        }
        return stale;
    }
}
