package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VolumeDriversTest {
    private static final Path DIR = Path.of("/nonexistent/pool");

    @Test
    void shouldMakeTheNamedDriverWhenItIsKnown() {
        // When / Then: constructing touches no files
        assertThat(VolumeDrivers.create("dir", "default", DIR, Map.of()).name()).isEqualTo("dir");
        assertThat(VolumeDrivers.create("overlay", "default", DIR, Map.of()).name()).isEqualTo("overlay");
        assertThat(VolumeDrivers.create("dir", "fast", DIR, Map.of()).poolName()).isEqualTo("fast");
        assertThat(VolumeDrivers.names()).containsExactly("dir", "overlay");
    }

    @Test
    void shouldAnswer400NamingTheSupportedDriversWhenTheDriverIsUnknown() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("zfs", "default", DIR, Map.of()),
                "Unknown storage driver \"zfs\" for pool \"default\"; supported drivers: dir, overlay");
    }

    @Test
    void shouldAnswer400NamingTheKeyWhenAConfigKeyIsUnknown() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("dir", "default", DIR, Map.of("size", "1GiB")),
                "Invalid config key \"size\" for storage pool \"default\" (driver dir); it takes no config keys");
    }

    @Test
    void shouldAnswer400WhenThePoolNameIsInvalid() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("dir", "../etc", DIR, Map.of()),
                "Invalid storage pool name \"../etc\": must not contain \"/\"");
    }

    @Test
    void shouldAnswer400BeforeTouchingFilesWhenADirPoolIsAskedForASize() {
        // Given: a pool that was never opened
        VolumeDriver dir = VolumeDrivers.create("dir", "default", DIR, Map.of());

        // When / Then
        assertBadRequest(() -> dir.create("c1", DIR, "key", java.util.OptionalLong.of(1L << 30)),
                "Storage pool \"default\" (driver dir) cannot enforce a root disk size; remove size= or use a btrfs pool");
    }

    private static void assertBadRequest(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessage(message);
    }
}
