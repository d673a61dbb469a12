package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.executor.service.Trees;
import dev.berth.executor.storage.OverlayDriver;

/**
 * The behaviour every {@link VolumeDriver} shares, run against a real pool in a temp dir below {@code target/}; each
 * driver's {@code *IT} extends it. Needs root.
 */
abstract class VolumeDriverContract {
    static final String IMAGE_KEY = "test-image";
    private static Path imageDir;
    static Path image;

    Path tmp;
    VolumeDriver driver;
    private final OverlayDriver overlay = new OverlayDriver();
    private final List<Path> merged = new ArrayList<>();

    abstract String driverName();

    Map<String, String> poolConfig() {
        return Map.of();
    }

    /** Asserts that nothing of {@code volume} is left in the pool (files, subvolumes, qgroups). */
    abstract void assertNothingLeftOf(String volume) throws IOException;

    @BeforeAll
    static void buildImage() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        imageDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "volume-img");
        image = ImageTree.build(imageDir.resolve("rootfs"));
    }

    @AfterAll
    static void removeImage() {
        if (imageDir != null) {
            Trees.delete(imageDir);
        }
    }

    @BeforeEach
    void openPool() throws IOException {
        tmp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "volume-it");
        driver = VolumeDrivers.create(driverName(), "default", tmp.resolve("pool"), poolConfig());
        driver.open();
    }

    @AfterEach
    void destroyPool() {
        List<String> leftovers;
        try {
            merged.forEach(overlay::unmount);
            driver.destroy();
        } finally {
            leftovers = Leftovers.find(tmp);
            Leftovers.clean(tmp);
        }
        assertThat(leftovers).as("mounts and loop devices left by the test").isEmpty();
    }

    /** The instance's root as a container would see it: an overlay is mounted for it. */
    Path mountRoot(String volume) {
        Layers layers = driver.layers(volume, image);
        if (layers instanceof Layers.Single single) {
            return single.dir();
        }
        Layers.Overlay layers3 = (Layers.Overlay) layers;
        Path target = tmp.resolve("merged-" + volume);
        VolumeFiles.mkdirs(target);
        overlay.mount(layers3.lower(), layers3.upper(), layers3.work(), target);
        merged.add(target);
        return target;
    }

    void unmountRoot(String volume) {
        Path target = tmp.resolve("merged-" + volume);
        if (merged.remove(target)) {
            overlay.unmount(target);
        }
    }

    void create(String volume) {
        driver.create(volume, image, IMAGE_KEY, OptionalLong.empty());
    }

    @Test
    void shouldKeepEveryFileAttributeWhenCreatingAVolumeFromAnImage() throws IOException {
        // When
        create("c1");

        // Then
        assertThat(driver.exists("c1")).isTrue();
        ImageTree.assertComplete(mountRoot("c1"));
    }

    @Test
    void shouldBringTheOldFilesBackWhenRestoringASnapshot() throws IOException {
        // Given: a snapshot taken while the root is mounted, then changes
        create("c1");
        Path root = mountRoot("c1");
        Files.writeString(root.resolve("etc/hostname"), "before\n");
        driver.snapshot("c1", "snap0");
        Files.writeString(root.resolve("etc/hostname"), "after\n");
        Files.writeString(root.resolve("etc/new"), "new\n");
        Files.delete(root.resolve("etc/motd"));
        ImageTree.sh("chmod 0755 usr/bin/su && setfacl -b var/log/journal", root);
        unmountRoot("c1");

        // When
        driver.restore("c1", "snap0");

        // Then
        Path restored = mountRoot("c1");
        assertThat(restored.resolve("etc/hostname")).hasContent("before");
        assertThat(restored.resolve("etc/new")).doesNotExist();
        assertThat(restored.resolve("etc/motd")).hasContent("hello");
        ImageTree.assertComplete(restored);
        assertThat(driver.snapshots("c1")).containsExactly("snap0");
    }

    @Test
    void shouldCopyTheSnapshotOrTheVolumeWhenCopying() throws IOException {
        // Given
        create("c1");
        Path root = mountRoot("c1");
        Files.writeString(root.resolve("etc/hostname"), "snapshotted\n");
        driver.snapshot("c1", "snap0");
        Files.writeString(root.resolve("etc/hostname"), "current\n");
        unmountRoot("c1");

        // When
        driver.copy("c1", Optional.of("snap0"), "from-snap");
        driver.copy("c1", Optional.empty(), "from-volume");

        // Then
        Path fromSnap = mountRoot("from-snap");
        assertThat(fromSnap.resolve("etc/hostname")).hasContent("snapshotted");
        ImageTree.assertComplete(fromSnap);
        Path fromVolume = mountRoot("from-volume");
        assertThat(fromVolume.resolve("etc/hostname")).hasContent("current");
        ImageTree.assertComplete(fromVolume);
        Files.writeString(fromVolume.resolve("etc/hostname"), "copy\n");
        assertThat(mountRoot("c1").resolve("etc/hostname")).hasContent("current");
        assertThat(driver.snapshots("from-snap")).isEmpty();
    }

    @Test
    void shouldGiveACopyItsSourcesSnapshotsWhenCopyingThem() throws IOException {
        // Given a volume with two snapshots of different content, copied
        create("c1");
        Path root = mountRoot("c1");
        Files.writeString(root.resolve("etc/hostname"), "one\n");
        driver.snapshot("c1", "s1");
        Files.writeString(root.resolve("etc/hostname"), "two\n");
        driver.snapshot("c1", "s2");
        unmountRoot("c1");
        driver.copy("c1", Optional.empty(), "c2");

        // When its snapshots are copied to the copy
        driver.copySnapshot("c1", "s1", "c2");
        driver.copySnapshot("c1", "s2", "c2");

        // Then the copy has both, each with its own content, independent of the source
        assertThat(driver.snapshots("c2")).containsExactly("s1", "s2");
        driver.delete("c1");
        driver.restore("c2", "s1");
        Path restored = mountRoot("c2");
        assertThat(restored.resolve("etc/hostname")).hasContent("one");
        ImageTree.assertComplete(restored);
        unmountRoot("c2");
        driver.restore("c2", "s2");
        assertThat(mountRoot("c2").resolve("etc/hostname")).hasContent("two");
        unmountRoot("c2");

        // And a snapshot it already has is a 409, one the source lacks a 404
        assertCode(409, () -> driver.copySnapshot("c2", "s1", "c2"));
        assertCode(404, () -> driver.copySnapshot("c2", "nope", "c2"));
    }

    @Test
    void shouldRemoveTheVolumeAndItsSnapshotsWhenDeleting() throws IOException {
        // Given
        create("c1");
        driver.snapshot("c1", "snap0");
        driver.snapshot("c1", "snap1");

        // When
        driver.delete("c1");
        driver.delete("c1");

        // Then
        assertThat(driver.exists("c1")).isFalse();
        assertThatThrownBy(() -> driver.snapshots("c1")).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).isEqualTo(404));
        assertNothingLeftOf("c1");
    }

    @Test
    void shouldAnswer409AndKeepTheFilesWhenDeletingAVolumeWithAMountInside() throws IOException {
        // Given: a container root still mounted inside the volume
        create("c1");
        driver.snapshot("c1", "snap0");
        Path busy = Files.createDirectory(poolRoot().resolve("containers/c1/busy"));
        Tools.run(Tools.SHORT, "mount", "-t", "tmpfs", "tmpfs", busy.toString());
        try {
            Files.writeString(busy.resolve("precious"), "data\n");

            // When / Then
            assertCode(409, () -> driver.delete("c1"));
            assertCode(409, () -> driver.restore("c1", "snap0"));
            assertThat(busy.resolve("precious")).hasContent("data");
            assertThat(driver.snapshots("c1")).containsExactly("snap0");
        } finally {
            Tools.run(Tools.SHORT, "umount", busy.toString());
        }

        // When
        driver.delete("c1");

        // Then
        assertThat(driver.exists("c1")).isFalse();
    }

    @Test
    void shouldCarryTheFilesAndSnapshotsOverWhenRenamingAVolume() throws IOException {
        // Given a volume with a changed file and a snapshot of it, and another volume
        create("c1");
        Path root = mountRoot("c1");
        Files.writeString(root.resolve("etc/hostname"), "snapshotted\n");
        driver.snapshot("c1", "snap0");
        Files.writeString(root.resolve("etc/hostname"), "current\n");
        unmountRoot("c1");
        create("other");

        // When it is renamed, and its snapshot too
        assertCode(409, () -> driver.rename("c1", "other"));
        assertCode(404, () -> driver.rename("nope", "c3"));
        driver.rename("c1", "c2");
        driver.renameSnapshot("c2", "snap0", "before");

        // Then only the new names exist, with the files
        assertThat(driver.exists("c1")).isFalse();
        assertThat(poolRoot().resolve("containers/c1")).doesNotExist();
        assertThat(poolRoot().resolve("snapshots/c1")).doesNotExist();
        assertThat(driver.snapshots("c2")).containsExactly("before");
        assertThat(mountRoot("c2").resolve("etc/hostname")).hasContent("current");
        unmountRoot("c2");
        assertCode(404, () -> driver.renameSnapshot("c2", "snap0", "x"));
        driver.restore("c2", "before");
        Path restored = mountRoot("c2");
        assertThat(restored.resolve("etc/hostname")).hasContent("snapshotted");
        ImageTree.assertComplete(restored);
        assertThat(driver.snapshots("other")).isEmpty();

        // And the old name is free again
        create("c1");
        assertThat(driver.snapshots("c1")).isEmpty();
    }

    @Test
    void shouldDeleteOnlyThatSnapshotWhenDeletingASnapshot() {
        // Given
        create("c1");
        driver.snapshot("c1", "snap0");
        driver.snapshot("c1", "snap1");

        // When
        driver.deleteSnapshot("c1", "snap0");
        driver.deleteSnapshot("c1", "snap0");

        // Then
        assertThat(driver.snapshots("c1")).containsExactly("snap1");
    }

    @Test
    void shouldFindVolumesAndSnapshotsWhenThePoolIsReopened() throws IOException {
        // Given
        create("c1");
        Files.writeString(mountRoot("c1").resolve("etc/hostname"), "kept\n");
        unmountRoot("c1");
        driver.snapshot("c1", "snap0");

        // When: a simulated reboot
        driver.close();
        assertClosed();
        driver.close();
        driver.open();
        driver.open();

        // Then
        assertThat(driver.exists("c1")).isTrue();
        assertThat(driver.snapshots("c1")).containsExactly("snap0");
        assertThat(mountRoot("c1").resolve("etc/hostname")).hasContent("kept");
    }

    @Test
    void shouldSnapshotWhileAProcessWritesToTheRoot() throws Exception {
        // Given: a process appending to a log in the instance's root, as a running container would
        create("c1");
        Path root = mountRoot("c1");
        Process writer = new ProcessBuilder("sh", "-c", "while :; do echo line >> var/log/busy; done")
                .directory(root.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(root.resolve("var/log/busy")));

            // When
            driver.snapshot("c1", "live0");
            driver.snapshot("c1", "live1");
        } finally {
            writer.destroyForcibly().waitFor();
        }
        unmountRoot("c1");

        // Then: each snapshot is a usable copy of the moment it was taken
        driver.copy("c1", Optional.of("live1"), "c2");
        assertThat(driver.snapshots("c1")).containsExactly("live0", "live1");
        Path copy = mountRoot("c2");
        assertThat(copy.resolve("var/log/busy")).isNotEmptyFile();
        ImageTree.assertComplete(copy);
    }

    @Test
    void shouldDropUnfinishedWorkWhenOpened() throws IOException {
        // Given: what a crash in the middle of a create and a snapshot leaves
        create("c1");
        Path halfVolume = poolRoot().resolve("containers/.c2.new.0badf00d");
        Path halfSnapshot = poolRoot().resolve("snapshots/c1/.snap0.new.0badf00d");
        Files.createDirectories(halfVolume.resolve("rootfs/etc"));
        Files.createDirectories(halfSnapshot);

        // When
        driver.open();

        // Then
        assertThat(halfVolume).doesNotExist();
        assertThat(halfSnapshot).doesNotExist();
        assertThat(driver.exists("c1")).isTrue();
        assertThat(driver.snapshots("c1")).isEmpty();
    }

    /** The directory that holds {@code containers/}, {@code snapshots/} and {@code images/}. */
    Path poolRoot() {
        return tmp.resolve("pool");
    }

    /** Asserts what {@link VolumeDriver#close()} leaves: nothing attached for btrfs. */
    void assertClosed() {
        assertThat(Leftovers.find(tmp)).isEmpty();
    }

    @Test
    void shouldAnswerLxdCodesWhenNamesAreTakenMissingOrInvalid() {
        // Given
        create("c1");
        driver.snapshot("c1", "snap0");

        // Then
        assertCode(409, () -> create("c1"));
        assertCode(409, () -> driver.snapshot("c1", "snap0"));
        assertCode(409, () -> driver.copy("c1", Optional.empty(), "c1"));
        assertCode(404, () -> driver.layers("nope", image));
        assertCode(404, () -> driver.snapshot("nope", "snap0"));
        assertCode(404, () -> driver.restore("c1", "nope"));
        assertCode(404, () -> driver.copy("c1", Optional.of("nope"), "c2"));
        assertCode(404, () -> driver.create("c2", tmp.resolve("no-image"), IMAGE_KEY, OptionalLong.empty()));
        assertCode(400, () -> create("../c2"));
        assertCode(400, () -> driver.snapshot("c1", "a/b"));
        assertThat(driver.exists("c2")).isFalse();
    }

    static void assertCode(int code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
