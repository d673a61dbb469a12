package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The overlay driver against a real pool directory and real overlayfs mounts (needs root). */
class OverlayVolumeIT extends VolumeDriverContract {

    @Override
    String driverName() {
        return "overlay";
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
                .hasMessage("Storage pool \"default\" (driver overlay) cannot enforce a root disk size; "
                        + "remove size= or use a btrfs pool");
        assertThat(driver.exists("c1")).isFalse();
    }

    @Test
    void shouldLayTheVolumeOverTheImageWhenAskedForLayers() {
        // Given
        create("c1");

        // When
        Layers layers = driver.layers("c1", image);

        // Then
        Path volume = tmp.resolve("pool/containers/c1");
        assertThat(layers).isEqualTo(new Layers.Overlay(image, volume.resolve("upper"), volume.resolve("work")));
        assertThat(volume.resolve("upper")).isEmptyDirectory();
    }

    @Test
    void shouldKeepWhiteoutsAndOpaqueDirsWhenSnapshottingAndRestoring() throws IOException {
        // Given: a deleted file (a whiteout) and a re-created directory (opaque) in the upper dir
        create("c1");
        Path root = mountRoot("c1");
        Files.delete(root.resolve("etc/motd"));
        ImageTree.sh("rm -r var/log/journal && mkdir var/log/journal && touch var/log/journal/fresh", root);
        driver.snapshot("c1", "snap0");
        ImageTree.sh("rm -r var/log/journal && mkdir var/log/journal && echo back > etc/motd", root);
        unmountRoot("c1");

        // When
        driver.restore("c1", "snap0");

        // Then: the snapshot's upper dir holds the overlay metadata
        Path upper = tmp.resolve("pool/snapshots/c1/snap0/upper");
        assertThat(ImageTree.sh("stat -c %F:%t:%T etc/motd", upper).strip()).isEqualTo("character special file:0:0");
        assertThat(ImageTree.sh("getfattr --only-values -n trusted.overlay.opaque var/log/journal", upper))
                .isEqualTo("y");
        // and the restored root shows it through the overlay
        Path restored = mountRoot("c1");
        assertThat(restored.resolve("etc/motd")).doesNotExist();
        try (var entries = Files.list(restored.resolve("var/log/journal"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("fresh");
        }
    }
}
