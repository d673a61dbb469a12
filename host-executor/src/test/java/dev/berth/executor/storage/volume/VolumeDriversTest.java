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
        VolumeDriver btrfs = VolumeDrivers.create("btrfs", "fast", DIR, Map.of("size", "1GiB"));
        assertThat(btrfs.name()).isEqualTo("btrfs");
        assertThat(btrfs.poolName()).isEqualTo("fast");
        assertThat(VolumeDrivers.names()).containsExactly("btrfs", "dir", "overlay");
    }

    @Test
    void shouldDefaultTo10GiBWhenABtrfsPoolHasNoSize() {
        // When
        BtrfsVolumeDriver btrfs = (BtrfsVolumeDriver) VolumeDrivers.create("btrfs", "default", DIR, Map.of());

        // Then
        assertThat(BtrfsPoolConfig.parse("default", Map.of()).sizeBytes()).isEqualTo(10L << 30);
        assertThat(btrfs.loop().file()).isEqualTo(DIR.resolve("btrfs.img"));
        assertThat(btrfs.loop().mountPoint()).isEqualTo(DIR.resolve("mnt"));
    }

    @Test
    void shouldUseTheSourceFileWhenGivenOne() {
        // When
        BtrfsVolumeDriver btrfs = (BtrfsVolumeDriver) VolumeDrivers.create("btrfs", "default", DIR,
                Map.of("source", "/srv/pool.img"));

        // Then
        assertThat(btrfs.loop().file()).isEqualTo(Path.of("/srv/pool.img"));
    }

    @Test
    void shouldAnswer400NamingTheSupportedDriversWhenTheDriverIsUnknown() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("zfs", "default", DIR, Map.of()),
                "Unknown storage driver \"zfs\" for pool \"default\"; supported drivers: btrfs, dir, overlay");
    }

    @Test
    void shouldAnswer400NamingTheKeyWhenAConfigKeyIsUnknown() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("btrfs", "default", DIR, Map.of("btrfs.mount_options", "x")),
                "Invalid config key \"btrfs.mount_options\" for storage pool \"default\" (driver btrfs); "
                        + "supported keys: size, source");
        assertBadRequest(() -> VolumeDrivers.create("dir", "default", DIR, Map.of("size", "1GiB")),
                "Invalid config key \"size\" for storage pool \"default\" (driver dir); it takes no config keys");
    }

    @Test
    void shouldAnswer400WhenABtrfsValueIsBad() {
        // When / Then
        assertBadRequest(() -> VolumeDrivers.create("btrfs", "default", DIR, Map.of("size", "lots")),
                "Invalid value for \"size\" of storage pool \"default\": \"lots\" is not a size such as 256MiB or 1GB");
        assertBadRequest(() -> VolumeDrivers.create("btrfs", "default", DIR, Map.of("size", "64MiB")),
                "Invalid value for \"size\" of storage pool \"default\": \"64MiB\" is below the minimum of 128MiB");
        assertBadRequest(() -> VolumeDrivers.create("btrfs", "default", DIR, Map.of("source", "pool.img")),
                "Invalid value for \"source\" of storage pool \"default\": \"pool.img\" is not an absolute, "
                        + "normalized path of a loop file");
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
