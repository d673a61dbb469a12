package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import dev.berth.executor.config.ContainerLayout;

/** What conmon leaves on disk about a container: its exit file and its own pid. */
public final class Monitor {

    /** An init's exit; {@code code} is null when it could not be learnt (conmon itself was gone). */
    public record Exit(Integer code) {
    }

    private Monitor() {
    }

    /** The exit conmon recorded, if it has written its exit file yet. */
    public static Optional<Exit> exitOf(ContainerLayout layout) {
        try {
            String text = Files.readString(layout.exitFile()).strip();
            return Optional.of(new Exit(text.isEmpty() ? null : Integer.valueOf(text)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.of(new Exit(null));
        }
    }

    /** True when the pid in {@code conmon.pid} is a live (not zombie) conmon. */
    public static boolean conmonAlive(ContainerLayout layout) {
        OptionalLong pid = readPid(layout.conmonPid());
        if (pid.isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid.getAsLong()), "stat"));
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            char state = stat.charAt(close + 2);
            return comm.equals("conmon") && state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static OptionalLong readPid(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
