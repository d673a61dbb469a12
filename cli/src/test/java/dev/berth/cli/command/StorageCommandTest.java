package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCommandTest {
    static final String FAST = "{\"name\":\"fast\",\"driver\":\"btrfs\",\"description\":\"NVMe\",\"status\":\"Created\","
            + "\"config\":{\"source\":\"/var/lib/berth/pools/fast\"},\"used_by\":[\"/1.0/instances/c1\"],"
            + "\"locations\":[\"none\"]}";

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void server() {
        lxd = new FakeLxd(dir);
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPostNameDriverAndConfigWhenCreating() {
        // Given LXD's synchronous answer
        lxd.sync("POST /1.0/storage-pools", "{}");

        // When
        int code = lxd.run("storage", "create", "fast", "btrfs", "source=/srv/fast",
                "btrfs.mount_options=compress=zstd");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.out()).isEqualTo("Storage pool fast created" + System.lineSeparator());
        assertThat(lxd.wire()).containsExactly("POST /1.0/storage-pools");
        assertThat(lxd.body("POST /1.0/storage-pools").toString()).isEqualTo("{\"name\":\"fast\",\"driver\":\"btrfs\","
                + "\"description\":\"\",\"config\":{\"source\":\"/srv/fast\","
                + "\"btrfs.mount_options\":\"compress=zstd\"}}");
    }

    @Test
    void shouldWaitWhenTheServerAnswersCreateWithAnOperation() {
        lxd.async("POST /1.0/storage-pools");
        assertThat(lxd.run("storage", "create", "scratch", "dir")).isZero();
        assertThat(lxd.wire()).containsExactly("POST /1.0/storage-pools", "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.body("POST /1.0/storage-pools").path("config").size()).isZero();
    }

    @Test
    void shouldRejectConfigWithoutEqualsWhenCreating() {
        assertThat(lxd.run("storage", "create", "fast", "btrfs", "source")).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: \"source\" is not a valid key=value pair" + System.lineSeparator());
        assertThat(lxd.wire()).isEmpty();
    }

    @Test
    void shouldListPoolsWithTheirSourceAndUsersAsATable() {
        lxd.sync("GET /1.0/storage-pools?recursion=1", "[" + FAST + "]");
        assertThat(lxd.run("storage", "list")).isZero();
        String[] lines = lxd.out().split("\n");
        assertThat(lines[1]).matches("\\|\\s+NAME\\s+\\|\\s+DRIVER\\s+\\|\\s+SOURCE\\s+\\|\\s+DESCRIPTION\\s+\\|"
                + "\\s+USED BY\\s+\\|\\s+STATE\\s+\\|");
        assertThat(lines[3])
                .matches("\\| fast \\| btrfs +\\| /var/lib/berth/pools/fast \\| NVMe +\\| 1 +\\| CREATED \\|");
    }

    @Test
    void shouldShowAsYamlAndDelete() {
        lxd.sync("GET /1.0/storage-pools/fast", FAST).sync("DELETE /1.0/storage-pools/fast", "{}");
        assertThat(lxd.run("storage", "show", "fast")).isZero();
        assertThat(lxd.out()).startsWith("name: fast\ndriver: btrfs\n").contains("used_by:\n- /1.0/instances/c1\n");
        assertThat(lxd.run("storage", "delete", "fast")).isZero();
        assertThat(lxd.out()).isEqualTo("Storage pool fast deleted" + System.lineSeparator());
    }
}
