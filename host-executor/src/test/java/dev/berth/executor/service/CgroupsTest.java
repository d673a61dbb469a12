package dev.berth.executor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.executor.config.ExecutorPaths;

/** Kept cgroup files on the host's real cgroup v1 pids hierarchy (as root; skipped elsewhere). */
class CgroupsTest {
    private final ExecutorPaths paths = new ExecutorPaths(Path.of("/tmp"), Path.of("/tmp"), Path.of("/sys/fs/cgroup"));
    private final String id = "cgroups-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Cgroups cgroups = new Cgroups(paths);
    private Path dir;
    private Path madeParent;

    @BeforeEach
    void makeCgroup() throws IOException {
        Path parent = paths.cgroup("pids", id).getParent();
        assumeTrue(Files.isDirectory(parent.getParent()), "no cgroup v1 pids hierarchy");
        try {
            if (!Files.isDirectory(parent)) {
                madeParent = Files.createDirectory(parent);
            }
            dir = Files.createDirectory(paths.cgroup("pids", id));
        } catch (IOException e) {
            assumeTrue(false, "cannot make a cgroup here: " + e);
        }
    }

    @AfterEach
    void removeCgroup() throws IOException {
        cgroups.forget(id);
        if (dir != null) {
            Files.deleteIfExists(dir);
        }
        if (madeParent != null) {
            Files.deleteIfExists(madeParent);
        }
    }

    @Test
    void shouldReadTheLiveValueThroughAKeptFile() throws IOException {
        assertThat(cgroups.read("pids", id, "pids.max")).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(cgroups.keptFiles()).isEqualTo(1);

        Files.writeString(dir.resolve("pids.max"), "42");

        assertThat(cgroups.read("pids", id, "pids.max")).isEqualTo(OptionalLong.of(42));
        assertThat(cgroups.keptFiles()).isEqualTo(1);
    }

    @Test
    void shouldDropTheKeptFileOfARemovedCgroupAndReadANewOneOfTheSameName() throws IOException {
        Files.writeString(dir.resolve("pids.max"), "42");
        assertThat(cgroups.read("pids", id, "pids.max")).isEqualTo(OptionalLong.of(42));

        Files.delete(dir);

        assertThat(cgroups.read("pids", id, "pids.max")).isEmpty();
        assertThat(cgroups.keptFiles()).isZero();

        Files.createDirectory(dir);
        assertThat(cgroups.read("pids", id, "pids.max")).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    }

    @Test
    void shouldCloseAContainersKeptFilesWhenItsLeftoversAreRemoved() {
        cgroups.read("pids", id, "pids.max");
        cgroups.read("pids", id, "pids.current");
        assertThat(cgroups.keptFiles()).isEqualTo(2);

        cgroups.removeLeftovers(id);

        assertThat(cgroups.keptFiles()).isZero();
        assertThat(Files.exists(dir)).isFalse();
        dir = null;
    }
}
