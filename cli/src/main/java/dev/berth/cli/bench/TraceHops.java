package dev.berth.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hop latencies from an operation's {@code metadata.berth_trace}: epoch-microsecond stamps, one hop per consecutive
 * pair of stamps present ({@code "gateway.received -> gateway.published"}). Stamps are put in the order of
 * CONVENTIONS.md rather than trusted to arrive in it (a JSON object's key order is easily lost on the way); a stamp
 * that list does not know goes after the last stamp not later than it. Accumulates hops over many operations,
 * keeping the order in which each hop was first seen.
 */
public final class TraceHops {
    /** The stamp order of CONVENTIONS.md. */
    public static final List<String> STAMPS = List.of("gateway.received", "gateway.published", "container.received",
            "container.published", "executor.received", "runc.begin", "net.begin", "net.plugged", "runc.started",
            "executor.published",
            "container.event_received", "container.operation_published", "gateway.completed");

    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    /** Hops of one trace in milliseconds; entries whose value is not a number are skipped. */
    public static Map<String, Double> hops(Map<String, ?> trace) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> stamps = ordered(trace);
        for (int i = 1; i < stamps.size(); i++) {
            Map.Entry<String, Long> a = stamps.get(i - 1);
            Map.Entry<String, Long> b = stamps.get(i);
            out.put(a.getKey() + " -> " + b.getKey(), (b.getValue() - a.getValue()) / 1000.0);
        }
        return out;
    }

    /** Known stamps in convention order, then each unknown one after the last stamp not later than it. */
    static List<Map.Entry<String, Long>> ordered(Map<String, ?> trace) {
        List<Map.Entry<String, Long>> known = new ArrayList<>();
        List<Map.Entry<String, Long>> unknown = new ArrayList<>();
        trace.forEach((key, value) -> {
            Long micros = micros(value);
            if (micros != null) {
                (STAMPS.contains(key) ? known : unknown).add(Map.entry(key, micros));
            }
        });
        known.sort(Comparator.comparingInt(e -> STAMPS.indexOf(e.getKey())));
        for (Map.Entry<String, Long> stamp : unknown) {
            int at = 0;
            for (int i = 0; i < known.size(); i++) {
                if (known.get(i).getValue() <= stamp.getValue()) {
                    at = i + 1;
                }
            }
            known.add(at, stamp);
        }
        return known;
    }

    /** Adds the hops of the {@code berth_trace} in an operation's metadata, if there is one. */
    public void addOperationMetadata(Map<String, Object> metadata) {
        if (metadata != null && metadata.get("berth_trace") instanceof Map<?, ?> trace) {
            Map<String, Object> typed = new LinkedHashMap<>();
            trace.forEach((k, v) -> typed.put(String.valueOf(k), v));
            add(typed);
        }
    }

    public void add(Map<String, ?> trace) {
        hops(trace).forEach((hop, ms) -> samples.computeIfAbsent(hop, k -> new ArrayList<>()).add(ms));
    }

    /** Percentiles per hop, in first-seen order. */
    public Map<String, Percentiles.Summary> summaries() {
        Map<String, Percentiles.Summary> out = new LinkedHashMap<>();
        samples.forEach((hop, ms) -> out.put(hop, Percentiles.of(ms)));
        return out;
    }

    private static Long micros(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
