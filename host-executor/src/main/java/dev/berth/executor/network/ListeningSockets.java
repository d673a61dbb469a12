package dev.berth.executor.network;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells whether a process holds a bound, listening socket, from {@code /proc} alone: its socket fds' inodes, looked up
 * in the socket tables of its own network namespace ({@code /proc/<pid>/net/...}). A TCP socket counts once it is
 * listening, a UDP socket once it is bound, a unix socket once it accepts connections.
 */
final class ListeningSockets {
    private static final String TCP_LISTEN = "0A";
    private static final int UNIX_ACCEPTCON = 0x10000;

    private ListeningSockets() {
    }

    static boolean listening(long pid) {
        Set<String> inodes = socketInodes(pid);
        if (inodes.isEmpty()) {
            return false;
        }
        Path net = Path.of("/proc", Long.toString(pid), "net");
        for (String table : List.of("tcp", "tcp6")) {
            // sl local rem st ... uid timeout inode
            if (lines(net.resolve(table)).stream().map(l -> l.trim().split("\\s+"))
                    .anyMatch(f -> f.length > 9 && f[3].equals(TCP_LISTEN) && inodes.contains(f[9]))) {
                return true;
            }
        }
        for (String table : List.of("udp", "udp6")) {
            if (lines(net.resolve(table)).stream().map(l -> l.trim().split("\\s+"))
                    .anyMatch(f -> f.length > 9 && inodes.contains(f[9]))) {
                return true;
            }
        }
        // Num RefCount Protocol Flags Type St Inode Path
        return lines(net.resolve("unix")).stream().map(l -> l.trim().split("\\s+"))
                .anyMatch(f -> f.length > 6 && inodes.contains(f[6]) && flags(f[3]) >= 0
                        && (flags(f[3]) & UNIX_ACCEPTCON) != 0);
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String target = readLink(fd);
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        } catch (IOException e) {
            return Set.of(); // gone
        }
        return inodes;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed meanwhile
        }
    }

    /** The table's rows without its header; none when the process is gone. */
    private static List<String> lines(Path table) {
        try {
            List<String> all = Files.readAllLines(table);
            return all.isEmpty() ? all : all.subList(1, all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int flags(String hex) {
        try {
            return Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
