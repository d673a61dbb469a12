package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenameCommandTest {
    static final String RENAME = "POST /1.0/instances/c1";
    static final String RENAME_SNAP = "POST /1.0/instances/c1/snapshots/snap0";

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void server() {
        lxd = new FakeLxd(dir).async(RENAME).async(RENAME_SNAP);
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPostTheNewNameAndWaitWhenAnInstanceIsRenamed() {
        // When
        int code = lxd.run("rename", "c1", "c2");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly(RENAME, "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.body(RENAME).toString()).isEqualTo("{\"name\":\"c2\"}");
    }

    @Test
    void shouldRenameASnapshotWhenMoveIsGivenTwoSnapshotsOfOneInstance() {
        assertThat(lxd.run("move", "c1/snap0", "c1/before")).isZero();
        assertThat(lxd.body(RENAME_SNAP).toString()).isEqualTo("{\"name\":\"before\"}");
    }

    @Test
    void shouldRefuseWithoutARequestWhenASnapshotWouldMoveToAnotherInstance() {
        assertThat(lxd.run("rename", "c1/snap0", "c2/snap0")).isEqualTo(1);
        assertThat(lxd.wire()).isEmpty();
        assertThat(lxd.err()).contains("same instance");
    }
}
