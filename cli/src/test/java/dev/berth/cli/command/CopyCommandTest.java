package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyCommandTest {
    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void server() {
        lxd = new FakeLxd(dir).async("POST /1.0/instances");
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPostACopySourceNamingTheSnapshotWhenCopyingFromASnapshot() {
        // When
        int code = lxd.run("copy", "c1/snap0", "c2");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly("POST /1.0/instances", "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.body("POST /1.0/instances").toString()).isEqualTo(
                "{\"name\":\"c2\",\"source\":{\"type\":\"copy\",\"source\":\"c1/snap0\",\"instance_only\":false}}");
    }

    @Test
    void shouldSayInstanceOnlyWhenAskedTo() {
        assertThat(lxd.run("cp", "c1", "c3", "--instance-only")).isZero();
        assertThat(lxd.body("POST /1.0/instances").path("source").toString())
                .isEqualTo("{\"type\":\"copy\",\"source\":\"c1\",\"instance_only\":true}");
    }

    @Test
    void shouldPrintTheOperationErrorWhenTheCopyFails() {
        lxd.failingAsync("POST /1.0/instances", "Instance \"c2\" already exists");
        assertThat(lxd.run("copy", "c1", "c2")).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Instance \"c2\" already exists" + System.lineSeparator());
    }

    @Test
    void shouldRejectAnInvalidTargetNameWithoutCallingTheServer() {
        assertThat(lxd.run("copy", "c1", "2bad")).isEqualTo(1);
        assertThat(lxd.err()).startsWith("Error: Invalid instance name \"2bad\"");
        assertThat(lxd.wire()).isEmpty();
    }
}
