package dev.berth.cli.bench;

import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles of millisecond samples, rounded to 0.1 ms. */
public final class Percentiles {
    private Percentiles() {
    }

    /** p50/p90/p99/max of some samples; all null when there are none. */
    public record Summary(Double p50, Double p90, Double p99, Double max) {
    }

    public static Summary of(Collection<Double> samplesMs) {
        if (samplesMs.isEmpty()) {
            return new Summary(null, null, null, null);
        }
        List<Double> sorted = samplesMs.stream().sorted().toList();
        return new Summary(round(rank(sorted, 50)), round(rank(sorted, 90)), round(rank(sorted, 99)),
                round(sorted.get(sorted.size() - 1)));
    }

    /** The nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
    static double rank(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public static double round(double ms) {
        return Math.round(ms * 10.0) / 10.0;
    }
}
