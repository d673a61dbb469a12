package dev.berth.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void shouldUseNearestRankWhenGivenOneToHundred() {
        // Given: 1..100 ms, shuffled
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add((double) i);
        }
        Collections.shuffle(samples);
        // When
        Percentiles.Summary s = Percentiles.of(samples);
        // Then
        assertThat(s).isEqualTo(new Percentiles.Summary(50.0, 90.0, 99.0, 100.0));
    }

    @Test
    void shouldPickUpperRanksWhenFewSamples() {
        // Given 50 samples, as bench/launch takes by default: p50 = 25th, p90 = 45th, p99 = 50th
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            samples.add(i * 10.0);
        }
        assertThat(Percentiles.of(samples)).isEqualTo(new Percentiles.Summary(250.0, 450.0, 500.0, 500.0));
    }

    @Test
    void shouldRoundToTenthOfMillisecondWhenSummarising() {
        assertThat(Percentiles.of(List.of(12.345, 12.36, 99.99)))
                .isEqualTo(new Percentiles.Summary(12.4, 100.0, 100.0, 100.0));
    }

    @Test
    void shouldReturnSingleValueForEveryRankWhenOneSample() {
        assertThat(Percentiles.of(List.of(7.04))).isEqualTo(new Percentiles.Summary(7.0, 7.0, 7.0, 7.0));
    }

    @Test
    void shouldReturnNullsWhenNoSamples() {
        assertThat(Percentiles.of(List.of())).isEqualTo(new Percentiles.Summary(null, null, null, null));
    }
}
