package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The btrfs driver on a real 300MiB loop file below {@code target/} (needs root, btrfs-progs). */
class BtrfsVolumeIT extends VolumeDriverContract {
    private static final long LIMIT = 32L << 20;

    @BeforeAll
    static void requireBtrfs() throws IOException {
        // Built in, or a module that mount loads on demand.
        boolean kernel = Files.readString(Path.of("/proc/filesystems")).contains("btrfs")
                || Files.isDirectory(Path.of("/lib/modules", System.getProperty("os.version"), "kernel/fs/btrfs"));
        assumeTrue(kernel, "the kernel has no btrfs");
    }

    @Override
    String driverName() {
        return "btrfs";
    }

    @Override
    Map<String, String> poolConfig() {
        return Map.of("size", "300MiB");
    }

    private Path mnt() {
        return tmp.resolve("pool/mnt");
    }

    @Override
    Path poolRoot() {
        return mnt();
    }

    @Override
    void assertNothingLeftOf(String volume) {
        assertThat(subvolumes()).containsExactly("images/" + IMAGE_KEY);
        assertThat(mnt().resolve("containers")).isEmptyDirectory();
        assertThat(mnt().resolve("snapshots")).isEmptyDirectory();
        // Only the top level and the image keep a qgroup.
        assertThat(qgroups()).hasSize(2);
    }

    @Test
    void shouldImportTheImageOnceWhenTwoVolumesUseIt() throws IOException {
        // When
        create("c1");
        create("c2");

        // Then
        assertThat(subvolumes()).containsExactlyInAnyOrder("images/" + IMAGE_KEY, "containers/c1", "containers/c2");
        assertThat(btrfs("property", "get", "-ts", mnt().resolve("images/" + IMAGE_KEY).toString(), "ro"))
                .contains("ro=true");
        assertThat(driver.layers("c1", image)).isEqualTo(new Layers.Single(mnt().resolve("containers/c1/rootfs")));

        // When: the image is dropped from the pool
        driver.deleteImage(IMAGE_KEY);

        // Then: the volumes keep their files
        assertThat(subvolumes()).containsExactly("containers/c1", "containers/c2");
        ImageTree.assertComplete(mountRoot("c1"));
    }

    @Test
    void shouldRefuseWritesPastTheSizeWhenCreatedWithASize() {
        // Given
        driver.create("c1", image, IMAGE_KEY, OptionalLong.of(LIMIT));

        // When / Then
        assertThatThrownBy(() -> fill(mountRoot("c1").resolve("big"), 2 * LIMIT)).isInstanceOf(IOException.class)
                .hasMessageContaining("Disk quota exceeded");

        // When: restored and copied, the volume keeps its limit
        driver.snapshot("c1", "snap0");
        driver.restore("c1", "snap0");
        driver.copy("c1", Optional.of("snap0"), "c2");

        // Then
        BtrfsSubvolumes subvolumes = new BtrfsSubvolumes(mnt());
        assertThat(subvolumes.limitOf(mnt().resolve("containers/c1"))).hasValue(LIMIT);
        assertThat(subvolumes.limitOf(mnt().resolve("containers/c2"))).hasValue(LIMIT);
        assertThatThrownBy(() -> fill(mountRoot("c2").resolve("big"), 2 * LIMIT)).isInstanceOf(IOException.class)
                .hasMessageContaining("Disk quota exceeded");
    }

    @Test
    void shouldCarryNestedSubvolumesWhenSnapshottingRestoringAndDeleting() throws IOException {
        // Given: the instance made a subvolume of its own
        create("c1");
        Path machines = mountRoot("c1").resolve("var/lib/machines");
        Files.createDirectories(machines.getParent());
        btrfs("subvolume", "create", machines.toString());
        Files.writeString(machines.resolve("state"), "before\n");

        // When
        driver.snapshot("c1", "snap0");
        Files.writeString(machines.resolve("state"), "after\n");
        driver.restore("c1", "snap0");

        // Then
        assertThat(machines.resolve("state")).hasContent("before");
        assertThat(subvolumes()).contains("snapshots/c1/snap0/rootfs/var/lib/machines",
                "containers/c1/rootfs/var/lib/machines");

        // When / Then
        driver.delete("c1");
        assertNothingLeftOf("c1");
    }

    @Test
    void shouldRefuseCallsWhenThePoolIsClosed() {
        // Given
        driver.close();

        // When / Then
        assertCode(500, () -> driver.exists("c1"));
        assertCode(500, () -> create("c1"));
    }

    @Override
    void assertClosed() {
        assertThat(MountTable.isMounted(mnt())).isFalse();
        assertThat(Tools.run(Tools.SHORT, "losetup", "-j", tmp.resolve("pool/btrfs.img").toString()).stdout())
                .isEmpty();
        super.assertClosed();
    }

    private List<String> subvolumes() {
        return btrfs("subvolume", "list", mnt().toString()).lines()
                .map(l -> l.substring(l.indexOf(" path ") + " path ".length())).sorted().toList();
    }

    private List<String> qgroups() {
        return btrfs("qgroup", "show", "--raw", mnt().toString()).lines().map(String::strip)
                .filter(l -> l.startsWith("0/")).toList();
    }

    private static String btrfs(String... args) {
        return Tools.run(Tools.SHORT, "btrfs", args).stdout();
    }

    /** Writes incompressible bytes, so neither compression nor holes can keep them under a limit. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        }
    }
}
