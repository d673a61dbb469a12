package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The dir driver against a real pool directory (needs root). */
class DirVolumeIT extends VolumeDriverContract {

    @Override
    String driverName() {
        return "dir";
    }

    @Override
    void assertNothingLeftOf(String volume) {
        Path pool = tmp.resolve("pool");
        assertThat(pool.resolve("containers")).isEmptyDirectory();
        assertThat(pool.resolve("snapshots")).isEmptyDirectory();
    }

    @Test
    void shouldAnswer400WhenAskedForASize() {
        // When / Then
        assertThatThrownBy(() -> driver.create("c1", image, IMAGE_KEY, OptionalLong.of(1L << 30)))
                .isInstanceOfSatisfying(VolumeException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("Storage pool \"default\" (driver dir) cannot enforce a root disk size; "
                        + "remove size= or use a btrfs pool");
        assertThat(driver.exists("c1")).isFalse();
    }

    @Test
    void shouldHoldAFullCopyWhenSnapshotting() throws IOException {
        // Given
        create("c1");

        // When
        driver.snapshot("c1", "snap0");

        // Then
        ImageTree.assertComplete(tmp.resolve("pool/snapshots/c1/snap0/rootfs"));
    }
}
