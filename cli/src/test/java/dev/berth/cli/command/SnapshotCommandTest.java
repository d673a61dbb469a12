package dev.berth.cli.command;

import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandTest {
    static final String SNAPSHOTS = "/1.0/instances/c1/snapshots";
    static final String CREATE = "POST " + SNAPSHOTS;
    static final String SNAP0 = "{\"name\":\"snap0\",\"created_at\":\"2026-11-25T19:40:00Z\",\"expires_at\":"
            + "\"0001-01-01T00:00:00Z\",\"stateful\":false,\"config\":{},\"devices\":{}}";

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void server() {
        lxd = new FakeLxd(dir).async(CREATE);
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldNameItSnap0WhenTheInstanceHasNoSnapshots() {
        // Given
        lxd.sync("GET " + SNAPSHOTS, "[]");

        // When
        int code = lxd.run("snapshot", "c1");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly("GET " + SNAPSHOTS, CREATE, "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.body(CREATE).toString()).isEqualTo("{\"name\":\"snap0\",\"stateful\":false}");
    }

    @Test
    void shouldNameItSnap2WhenSnap0AndSnap1Exist() {
        lxd.sync("GET " + SNAPSHOTS, "[\"" + SNAPSHOTS + "/snap0\",\"" + SNAPSHOTS + "/before-upgrade\",\""
                + SNAPSHOTS + "/snap1\"]");
        assertThat(lxd.run("snapshot", "c1")).isZero();
        assertThat(lxd.body(CREATE).path("name").asText()).isEqualTo("snap2");
    }

    @Test
    void shouldFollowTheHighestIndexLikeLxdWhenThereIsAGap() {
        assertThat(SnapshotCommand.nextName(List.of())).isEqualTo("snap0");
        assertThat(SnapshotCommand.nextName(List.of("snap0", "snap2"))).isEqualTo("snap3");
        assertThat(SnapshotCommand.nextName(List.of("snapx", "snap", "mysnap4", "snap99999999999"))).isEqualTo("snap0");
    }

    @Test
    void shouldUseTheGivenNameWithoutListingWhenNamed() {
        assertThat(lxd.run("snapshot", "c1", "before-upgrade")).isZero();
        assertThat(lxd.wire()).containsExactly(CREATE, "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.body(CREATE).toString()).isEqualTo("{\"name\":\"before-upgrade\",\"stateful\":false}");
    }

    @Test
    void shouldSplitInstanceAndSnapshotWhenGivenOneSlashedArgument() {
        assertThat(lxd.run("snapshot", "create", "c1/nightly")).isZero();
        assertThat(lxd.body(CREATE).path("name").asText()).isEqualTo("nightly");
    }

    @Test
    void shouldPrintTheOperationErrorWhenTheSnapshotFails() {
        lxd.failingAsync(CREATE, "Snapshot \"snap0\" already exists");
        assertThat(lxd.run("snapshot", "c1", "snap0")).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Snapshot \"snap0\" already exists" + System.lineSeparator());
    }

    @Test
    void shouldListSnapshotsAsATable() {
        lxd.sync("GET " + SNAPSHOTS + "?recursion=1", "[" + SNAP0 + "]");
        assertThat(lxd.run("snapshot", "list", "c1")).isZero();
        String[] lines = lxd.out().split("\n");
        assertThat(lines[1]).matches("\\|\\s+NAME\\s+\\|\\s+TAKEN AT\\s+\\|\\s+EXPIRES AT\\s+\\|\\s+STATEFUL\\s+\\|");
        assertThat(lines[3]).matches("\\| snap0 \\| 2026/11/25 19:40:00 UTC \\| +\\| NO +\\|");
    }

    @Test
    void shouldShowSnapshotsWhenInfoHasThem() {
        String instance = sample("instance_c1_metadata").replaceFirst("}$", ",\"snapshots\":[" + SNAP0 + "]}");
        lxd.sync("GET /1.0/instances/c1?recursion=1", instance);
        assertThat(lxd.run("info", "c1")).isZero();
        assertThat(lxd.out()).contains("\nSnapshots:\n+-").contains("| snap0 | 2026/11/25 19:40:00 UTC |");
    }

    @Test
    void shouldDeleteTheSnapshotWhenGivenEitherSpelling() {
        lxd.async("DELETE " + SNAPSHOTS + "/snap0");
        assertThat(lxd.run("snapshot", "delete", "c1", "snap0")).isZero();
        assertThat(lxd.run("delete", "c1/snap0")).isZero();
        assertThat(lxd.wire()).containsExactly("DELETE " + SNAPSHOTS + "/snap0",
                "GET /1.0/operations/op2/wait?timeout=60", "DELETE " + SNAPSHOTS + "/snap0",
                "GET /1.0/operations/op2/wait?timeout=60");
    }

    @Test
    void shouldPutOnlyRestoreAndStatefulWhenRestoring() {
        // Given
        lxd.async("PUT /1.0/instances/c1");

        // When
        int code = lxd.run("restore", "c1", "snap0");

        // Then the body is lxc restore's, with no If-Match
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly("PUT /1.0/instances/c1", "GET /1.0/operations/op2/wait?timeout=60");
        assertThat(lxd.body("PUT /1.0/instances/c1").toString())
                .isEqualTo("{\"restore\":\"snap0\",\"stateful\":false}");
        assertThat(lxd.request("PUT /1.0/instances/c1").headers()).doesNotContainKey("if-match");
    }

    @Test
    void shouldRestoreTheSameWayWhenSpelledTheIncusWay() {
        lxd.async("PUT /1.0/instances/c1");
        assertThat(lxd.run("snapshot", "restore", "c1", "c1/snap1", "--stateful")).isZero();
        assertThat(lxd.body("PUT /1.0/instances/c1").toString()).isEqualTo("{\"restore\":\"snap1\",\"stateful\":true}");
    }

    @Test
    void shouldFailAsAUsageErrorWhenNoInstanceIsGiven() {
        assertThat(lxd.run("snapshot")).isEqualTo(2);
        assertThat(lxd.err()).contains("Missing required parameter: 'NAME'");
    }
}
