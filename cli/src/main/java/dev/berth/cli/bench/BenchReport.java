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
        // with every instance kept until the end, the first and last launches show whether density slows them
        java.util.List<Double> ordered = java.util.List.copyOf(launchMs);
        int window = Math.max(1, Math.min(20, ordered.size() / 10));
        if (ordered.size() >= 20) {
            root.put("launch_total_s", Math.round(ordered.stream().mapToDouble(Double::doubleValue).sum()) / 1000.0);
            root.set("launch_first_ms", summary(Percentiles.of(ordered.subList(0, window))));
            root.set("launch_last_ms", summary(Percentiles.of(ordered.subList(ordered.size() - window,
                    ordered.size()))));
        }
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
