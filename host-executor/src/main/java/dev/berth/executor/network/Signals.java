package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Signals daemons that are not the JVM's children (dnsmasq forks away and is reparented), checking first through
 * {@code /proc/<pid>/cmdline} that the pid still belongs to the daemon, since pids are reused.
 */
final class Signals {
    static final int SIGHUP = 1;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private Signals() {
    }

    /** The process's argv, or an empty list when it is gone or a zombie (which no longer holds any socket). */
    static List<String> cmdline(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the last ')' (the command name may itself contain parentheses).
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == 'Z' || state == 'X') {
                return List.of();
            }
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return List.of();
            }
            if (text.endsWith("\0")) {
                text = text.substring(0, text.length() - 1);
            }
            return Arrays.asList(text.split("\0", -1));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static boolean alive(long pid) {
        return !cmdline(pid).isEmpty();
    }

    /** Sends {@code signal}; false when the process is already gone. */
    static boolean send(long pid, int signal) {
        try {
            LibC.INSTANCE.kill((int) pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 3) { // ESRCH
                return false;
            }
            throw NetworkException.internal("kill(" + pid + ", " + signal + "): " + e.getMessage(), e);
        }
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int kill(int pid, int sig) throws LastErrorException;
    }
}
