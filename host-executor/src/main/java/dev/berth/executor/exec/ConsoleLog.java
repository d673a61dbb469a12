package dev.berth.executor.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's console output as LXD serves it: conmon keeps it in the k8s-file format ({@code <time> <stream> <F|P>
 * <text>} per line), and the client wants the text alone, a partial ({@code P}) line joined to the next.
 */
public final class ConsoleLog {
    private ConsoleLog() {
    }

    public static void copyText(Path log, OutputStream out) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(text(line).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** One k8s-file line's text, with its newline unless the line was partial; a line in no known shape as it is. */
    static String text(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("stdout") || parts[1].equals("stderr"))) {
            return line + "\n";
        }
        String text = parts.length == 4 ? parts[3] : "";
        return parts[2].equals("P") ? text : text + "\n";
    }

    /** Empties the log in place: conmon keeps writing to the same file. */
    public static void clear(Path log) throws IOException {
        if (Files.exists(log)) {
            try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        }
    }
}
