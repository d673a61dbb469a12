package dev.berth.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncStateFileTest {

    private static void state(Path root, String id, long pid, long start) throws Exception {
        Files.createDirectories(root.resolve(id));
        Files.writeString(root.resolve(id).resolve("state.json"), "{\"id\":\"" + id + "\",\"init_process_pid\":" + pid
                + ",\"init_process_start\":" + start + ",\"config\":{\"labels\":[\"bundle=/b/" + id + "\"]}}");
    }

    @Test
    void shouldSayRunningWhenTheInitLivesWithItsRecordedStartTime(@TempDir Path root) throws Exception {
        long pid = ProcessHandle.current().pid();
        state(root, "c1", pid, RuncStateFile.startTime(pid));

        RuncState s = RuncStateFile.read(root, "c1").orElseThrow();

        assertThat(s).isEqualTo(new RuncState("c1", pid, "running", "/b/c1"));
    }

    @Test
    void shouldSayStoppedWhenThePidWasReusedOrIsGone(@TempDir Path root) throws Exception {
        long pid = ProcessHandle.current().pid();
        state(root, "reused", pid, RuncStateFile.startTime(pid) + 1);
        state(root, "gone", 999_999_999L, 5);

        assertThat(RuncStateFile.read(root, "reused").orElseThrow().status()).isEqualTo("stopped");
        assertThat(RuncStateFile.read(root, "gone").orElseThrow().pid()).isZero();
    }

    @Test
    void shouldSayCreatedWhileTheExecFifoWaitsAndNothingForAnUnknownContainer(@TempDir Path root) throws Exception {
        long pid = ProcessHandle.current().pid();
        state(root, "c2", pid, RuncStateFile.startTime(pid));
        Files.createFile(root.resolve("c2").resolve("exec.fifo"));

        assertThat(RuncStateFile.read(root, "c2").orElseThrow().status()).isEqualTo("created");
        assertThat(RuncStateFile.read(root, "absent")).isEmpty();
    }
}
