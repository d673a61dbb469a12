package dev.berth.image.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BusyboxProbeTest {

    @Test
    void shouldParseVersionWhenHelpStartsWithBanner() throws IOException {
        // Given
        String help = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\nBusyBox is copyrighted";

        // When
        String version = BusyboxProbe.parseVersion(help);

        // Then
        assertThat(version).isEqualTo("1.35.0");
    }

    @Test
    void shouldFailWhenBinaryIsMissing() {
        // Given
        Path missing = Path.of("/nonexistent/busybox");

        // When / Then
        assertThatThrownBy(() -> new BusyboxProbe().probe(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining("busybox-static");
    }
}
