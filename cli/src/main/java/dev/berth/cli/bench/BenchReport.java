package dev.berth.cli.bench;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.contracts.Json;

/** The one JSON object {@code bench/launch} prints on stdout. */
public final class BenchReport {
    private BenchReport() {
    }

    public static String render(int count, String image, Collection<Double> launchMs, Collection<Double> deleteMs,
            TraceHops hops) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("count", count);
        root.put("image", image);
        root.set("launch_ms", summary(Percentiles.of(launchMs)));
        root.set("delete_ms", summary(Percentiles.of(deleteMs)));
        ObjectNode hopsNode = root.putObject("hops_ms");
        for (Map.Entry<String, Percentiles.Summary> hop : hops.summaries().entrySet()) {
            hopsNode.set(hop.getKey(), summary(hop.getValue()));
        }
        return Json.write(root);
    }

    private static ObjectNode summary(Percentiles.Summary s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("p50", s.p50());
        node.put("p90", s.p90());
        node.put("p99", s.p99());
        node.put("max", s.max());
        return node;
    }
}
