package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of the commands this node carried out, kept in one file for the whole node. Kafka redelivers commands whose
 * offset was not committed before a crash; their events were already sent (a command is recorded only after its
 * events were acked), so a redelivered id is skipped. The ledger is per node, not per container dir: a redelivered
 * create must not bring back a container that a later, also redelivered, delete removed with its dir.
 */
public final class ProcessedCommands {
    private static final int KEEP = 8192;

    private final Path file;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    /** {@code file} null keeps the ledger in memory only. */
    public ProcessedCommands(Path file) {
        this.file = file;
        try {
            if (file != null && Files.exists(file)) {
                ids.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean seen(String messageId) {
        return messageId != null && ids.contains(messageId);
    }

    /** Appends {@code messageId}; once the file holds twice {@code KEEP} ids it is rewritten with the newest. */
    public synchronized void record(String messageId) {
        if (messageId == null || !ids.add(messageId) || file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            if (ids.size() > 2 * KEEP) {
                List<String> kept = new ArrayList<>(ids).subList(ids.size() - KEEP, ids.size());
                ids.clear();
                ids.addAll(kept);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, kept);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.writeString(file, messageId + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // losing the record only means a redelivery would be carried out again, which is idempotent
        }
    }
}
