package dev.berth.executor.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsReaderTest {

    @Test
    void shouldShowHostMemoryWhenTheCgroupHasNoLimit() {
        long host = StatsReader.hostMemoryBytes();
        assertThat(host).isPositive();
        assertThat(StatsReader.visibleMemoryLimit(9223372036854771712L)).isEqualTo(host);
        assertThat(StatsReader.visibleMemoryLimit(0)).isEqualTo(host);
    }

    @Test
    void shouldShowTheLimitWhenOneIsSet() {
        assertThat(StatsReader.visibleMemoryLimit(64L << 20)).isEqualTo(64L << 20);
    }
}
