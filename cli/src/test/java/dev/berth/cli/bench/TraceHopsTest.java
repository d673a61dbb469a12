package dev.berth.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;

class TraceHopsTest {
    private static final String OPERATION = """
            {"id":"op1","class":"task","status":"Success","status_code":200,"err":"",
             "metadata":{"berth_trace":{
               "gateway.received":1764099445000000,"gateway.published":1764099445000850,
               "container.received":1764099445002100,"container.published":1764099445003000,
               "executor.received":1764099445004000,"runc.begin":1764099445010000,
               "runc.started":1764099445060500,"executor.published":1764099445061000,
               "container.event_received":1764099445062000,"container.operation_published":1764099445062400,
               "gateway.completed":1764099445063000}}}""";

    @Test
    void shouldComputeConsecutiveDeltasInOrderWhenGivenSampleTrace() {
        // Given
        Operation op = Json.read(OPERATION, Operation.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> trace = (Map<String, Object>) op.metadata().get("berth_trace");
        // When
        Map<String, Double> hops = TraceHops.hops(trace);
        // Then
        assertThat(hops).containsExactly(
                entry("gateway.received -> gateway.published", 0.85),
                entry("gateway.published -> container.received", 1.25),
                entry("container.received -> container.published", 0.9),
                entry("container.published -> executor.received", 1.0),
                entry("executor.received -> runc.begin", 6.0),
                entry("runc.begin -> runc.started", 50.5),
                entry("runc.started -> executor.published", 0.5),
                entry("executor.published -> container.event_received", 1.0),
                entry("container.event_received -> container.operation_published", 0.4),
                entry("container.operation_published -> gateway.completed", 0.6));
    }

    @Test
    void shouldBridgeMissingStampWhenTraceHasGaps() {
        Map<String, Object> trace = trace("gateway.received", 1_000_000L, "container.received", 1_002_500L,
                "junk", "n/a", "gateway.completed", "1003000");
        assertThat(TraceHops.hops(trace)).containsExactly(
                entry("gateway.received -> container.received", 2.5),
                entry("container.received -> gateway.completed", 0.5));
    }

    @Test
    void shouldUseConventionOrderWhenTraceKeysArriveScrambled() {
        // Given: keys in hash order, as a HashMap would serialise them
        Map<String, Object> trace = trace("runc.started", 1_006_000L, "gateway.received", 1_000_000L,
                "gateway.completed", 1_009_000L, "executor.received", 1_003_000L, "gateway.published", 1_001_000L);
        // When / Then
        assertThat(TraceHops.hops(trace)).containsExactly(
                entry("gateway.received -> gateway.published", 1.0),
                entry("gateway.published -> executor.received", 2.0),
                entry("executor.received -> runc.started", 3.0),
                entry("runc.started -> gateway.completed", 3.0));
    }

    @Test
    void shouldSlotUnknownStampByTimeWhenNotInConventions() {
        Map<String, Object> trace = trace("gateway.completed", 1_009_000L, "image.pulled", 1_004_000L,
                "gateway.received", 1_000_000L, "runc.begin", 1_005_000L);
        assertThat(TraceHops.hops(trace)).containsExactly(
                entry("gateway.received -> image.pulled", 4.0),
                entry("image.pulled -> runc.begin", 1.0),
                entry("runc.begin -> gateway.completed", 4.0));
    }

    @Test
    void shouldSummariseEachHopWhenManyOperationsAdded() {
        // Given
        TraceHops hops = new TraceHops();
        for (int i = 1; i <= 10; i++) {
            hops.addOperationMetadata(
                    Map.of("berth_trace", trace("gateway.received", 0L, "gateway.completed", 1000L * i)));
        }
        hops.addOperationMetadata(null);
        hops.addOperationMetadata(Map.of("progress", "x"));
        // When / Then
        assertThat(hops.summaries()).containsOnly(
                entry("gateway.received -> gateway.completed", new Percentiles.Summary(5.0, 9.0, 10.0, 10.0)));
    }

    @Test
    void shouldRenderOneJsonObjectWithAllSectionsWhenReporting() throws Exception {
        // Given
        TraceHops hops = new TraceHops();
        hops.add(trace("a", 0L, "b", 1500L));
        // When
        String json = BenchReport.render(2, "busybox", java.util.List.of(100.04, 200.0), java.util.List.of(), hops);
        // Then
        JsonNode root = Json.MAPPER.readTree(json);
        assertThat(json).doesNotContain("\n");
        assertThat(root.fieldNames()).toIterable().containsExactly("count", "image", "launch_ms", "delete_ms",
                "hops_ms");
        assertThat(root.path("launch_ms").path("p50").asDouble()).isEqualTo(100.0);
        assertThat(root.path("launch_ms").path("max").asDouble()).isEqualTo(200.0);
        assertThat(root.path("delete_ms").path("p90").isNull()).isTrue();
        assertThat(root.path("hops_ms").path("a -> b").path("p99").asDouble()).isEqualTo(1.5);
    }

    @Test
    void shouldReportTheFirstAndLastLaunchesWhenThereAreEnoughToShowGrowth() throws Exception {
        // Given 200 launches slowing from 100 ms to 299 ms
        java.util.List<Double> launches = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            launches.add(100.0 + i);
        }
        // When
        JsonNode root = Json.MAPPER.readTree(BenchReport.render(200, "busybox", launches, java.util.List.of(),
                new TraceHops()));
        // Then the windows are the first and last 20 launches, and the total their sum
        assertThat(root.path("launch_first_ms").path("p50").asDouble()).isEqualTo(109.0);
        assertThat(root.path("launch_last_ms").path("p50").asDouble()).isEqualTo(289.0);
        assertThat(root.path("launch_total_s").asDouble()).isEqualTo(39.9);
    }

    private static Map<String, Object> trace(Object... keysAndValues) {
        Map<String, Object> trace = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            trace.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return trace;
    }
}
