package dev.berth.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.contracts.InstanceRef;

class InstanceStatusTest {

    @Test
    void shouldAllowEveryStatusToMoveToItselfWhenAMessageIsRedelivered() {
        for (InstanceStatus s : InstanceStatus.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isTrue();
        }
    }

    @Test
    void shouldRefuseWhenTheMoveIsNotInTheTable() {
        assertThat(InstanceStatus.STOPPED.canMoveTo(InstanceStatus.STOPPING)).isFalse();
        assertThat(InstanceStatus.DELETING.canMoveTo(InstanceStatus.RUNNING)).isFalse();
        InstanceRecord r = new InstanceRecord(InstanceRef.of("c1"), "local", InstanceStatus.DELETING, "fp", Map.of(),
                new InstanceSettings(Map.of(), null, null), null, null, null, null, Instant.now(), null, null);
        assertThatThrownBy(() -> r.withStatus(InstanceStatus.RUNNING)).hasMessageContaining("from DELETING to RUNNING");
    }

    @Test
    void shouldMoveFromStoppingToStartingWhenARestartsOldInitHasStopped() {
        InstanceRecord r = new InstanceRecord(InstanceRef.of("c1"), "local", InstanceStatus.STOPPING, "fp", Map.of(),
                new InstanceSettings(Map.of(), null, null), 42L, null, null, null, Instant.now(), null, null);
        assertThat(r.withStatus(InstanceStatus.STARTING).status()).isEqualTo(InstanceStatus.STARTING);
        assertThat(InstanceStatus.STARTING.canMoveTo(InstanceStatus.RUNNING)).isTrue();
    }

    @Test
    void shouldMapToLxdStatusesWhenRendered() {
        assertThat(InstanceStatus.RUNNING.lxdStatus()).isEqualTo("Running");
        assertThat(InstanceStatus.RUNNING.lxdCode()).isEqualTo(103);
        assertThat(InstanceStatus.STOPPED.lxdCode()).isEqualTo(102);
        assertThat(InstanceStatus.RUNNING.isActive()).isTrue();
        assertThat(InstanceStatus.STOPPED.isActive()).isFalse();
    }
}
