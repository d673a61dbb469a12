package dev.berth.executor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/**
 * A container's state read the way {@code runc state} works it out, from runc's own {@code state.json} and
 * {@code /proc}, without starting a runc process: hundreds of instances are listed in the time one runc call takes.
 * {@code exec.fifo} present means created; an init whose pid still runs with the recorded start time means running;
 * anything else is stopped.
 */
public final class RuncStateFile {
    private RuncStateFile() {
    }

    /** What a state.json says that matters here; runc rewrites it whole (a rename), so it is parsed once. */
    private record Recorded(long pid, long start, String bundle) {
    }

    private static final ParsedFiles<Recorded> STATE_FILES = new ParsedFiles<>(text -> {
        JsonNode state = Json.MAPPER.readTree(text);
        String bundle = "";
        for (JsonNode label : state.path("config").path("labels")) {
            if (label.asText().startsWith("bundle=")) {
                bundle = label.asText().substring("bundle=".length());
            }
        }
        return new Recorded(state.path("init_process_pid").asLong(), state.path("init_process_start").asLong(),
                bundle);
    });

    public static Optional<RuncState> read(Path runcRoot, String id) {
        Path dir = runcRoot.resolve(id);
        Recorded recorded;
        try {
            recorded = STATE_FILES.read(dir.resolve("state.json"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        long pid = recorded.pid();
        long start = recorded.start();
        String bundle = recorded.bundle();
        String status;
        if (Files.exists(dir.resolve("exec.fifo"))) {
            status = "created";
        } else {
            status = pid > 0 && startTime(pid) == start ? "running" : "stopped";
        }
        return Optional.of(new RuncState(id, "stopped".equals(status) ? 0 : pid, status, bundle));
    }

    /** Field 22 of {@code /proc/<pid>/stat} (clock ticks after boot), or -1 when the process is gone. */
    static long startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            char state = fields[0].charAt(0);
            return state == 'Z' || state == 'X' ? -1 : Long.parseLong(fields[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
