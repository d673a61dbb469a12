package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import dev.berth.executor.config.ContainerLayout;

/**
 * The ids of the last commands carried out for a container, kept in its dir. Kafka redelivers commands whose offset
 * was not committed before a crash; their events were already sent (a command is recorded only after its events
 * were acked), so a redelivered id is skipped instead of, say, starting again a container that has since died.
 */
public final class ProcessedCommands {
    private static final int KEEP = 32;

    private ProcessedCommands() {
    }

    public static boolean seen(ContainerLayout layout, String messageId) {
        return messageId != null && read(file(layout)).contains(messageId);
    }

    /** Records {@code messageId}; a no-op when the container dir is gone (after a delete). */
    public static void record(ContainerLayout layout, String messageId) {
        Path file = file(layout);
        if (messageId == null || !Files.isDirectory(layout.dir())) {
            return;
        }
        List<String> ids = new ArrayList<>(read(file));
        ids.add(messageId);
        List<String> kept = ids.subList(Math.max(0, ids.size() - KEEP), ids.size());
        try {
            Path tmp = file.resolveSibling("processed.tmp");
            Files.write(tmp, kept);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // losing the record only means a redelivery would be carried out again, which is idempotent
        }
    }

    private static Path file(ContainerLayout layout) {
        return layout.dir().resolve("processed");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
