package dev.berth.executor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was parsed out of small files that are only ever replaced whole (runc's {@code state.json}, the executor's
 * {@code spec.json}: both written to a temporary file and renamed), kept while the file's inode, size and mtime stay
 * the same. A listing of hundreds of instances then stats each file instead of parsing kilobytes of JSON; any write
 * makes a new inode, so a stale entry is never served. A vanished file drops its entry.
 */
public final class ParsedFiles<T> {

    /** Parses the file's text; throws what it must, nothing gets cached then. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws IOException;
    }

    private record Entry<T>(Object key, long size, long mtimeNanos, T value) {
    }

    private final Parser<T> parser;
    private final Map<Path, Entry<T>> entries = new ConcurrentHashMap<>();

    public ParsedFiles(Parser<T> parser) {
        this.parser = parser;
    }

    /** The parsed file; {@link NoSuchFileException} when it is gone. */
    public T read(Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            entries.remove(file);
            throw e;
        }
        long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Entry<T> cached = entries.get(file);
        if (cached != null && cached.size() == attrs.size() && cached.mtimeNanos() == mtime
                && Objects.equals(cached.key(), attrs.fileKey()) && attrs.fileKey() != null) {
            return cached.value();
        }
        T value = parser.parse(Files.readString(file));
        // the attributes read before the text: a write in between gives a new inode, so the next read parses again
        entries.put(file, new Entry<>(attrs.fileKey(), attrs.size(), mtime, value));
        return value;
    }

    /** Forgets a file (its container is gone). */
    public void forget(Path file) {
        entries.remove(file);
    }
}
