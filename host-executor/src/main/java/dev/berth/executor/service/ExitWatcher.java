package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Watches conmon's exit dir and reports each container whose exit file appears. conmon writes {@code <id>.XXXXXX}
 * and renames it to {@code <id>}, so names with a dot are ignored. Reports run on a small pool so one container's
 * slow stop does not delay the others.
 */
public final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExitWatcher.class);

    private final Path exitDir;
    private final Consumer<String> onExit;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("exit-collector"));
    private WatchService watch;
    private Thread thread;

    public ExitWatcher(Path exitDir, Consumer<String> onExit) {
        this.exitDir = exitDir;
        this.onExit = onExit;
    }

    public void start() throws IOException {
        Files.createDirectories(exitDir);
        watch = exitDir.getFileSystem().newWatchService();
        exitDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        thread = daemon("exit-watcher").newThread(this::loop);
        thread.start();
    }

    /** Reports every exit file present now (startup, or after the watch overflowed). */
    public void rescan() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(exitDir)) {
            files.forEach(f -> report(f.getFileName().toString()));
        } catch (IOException e) {
            LOG.warnf("cannot scan %s: %s", exitDir, e.toString());
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan();
                    } else {
                        report(event.context().toString());
                    }
                }
                if (!key.reset()) {
                    LOG.error("the exit dir watch is no longer valid; self-exits will only be seen at restart");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // shutting down
        }
    }

    private void report(String name) {
        if (!name.contains(".")) {
            workers.submit(() -> onExit.accept(name));
        }
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
