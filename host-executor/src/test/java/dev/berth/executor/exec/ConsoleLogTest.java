package dev.berth.executor.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {

    @Test
    void shouldGiveTheTextOfConmonsLogJoiningPartialLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.log");
        Files.writeString(log, "2026-11-26T10:00:00.1+00:00 stdout F booting\n"
                + "2026-11-26T10:00:00.2+00:00 stderr P half \n"
                + "2026-11-26T10:00:00.3+00:00 stderr F a line\n"
                + "2026-11-26T10:00:00.4+00:00 stdout F \n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ConsoleLog.copyText(log, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("booting\nhalf a line\n\n");
    }

    @Test
    void shouldEmptyTheLogInPlaceAndReadNothingFromAMissingOne(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.log");
        Files.writeString(log, "2026-11-26T10:00:00.1+00:00 stdout F x\n");

        ConsoleLog.clear(log);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleLog.copyText(dir.resolve("missing.log"), out);

        assertThat(log).exists().isEmptyFile();
        assertThat(out.size()).isZero();
    }
}
