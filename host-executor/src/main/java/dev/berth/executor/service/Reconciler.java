package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import dev.berth.executor.config.ExecutorPaths;

/** Startup pass over every container dir on this node, so exits that happened while the executor was down count. */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final ExecutorPaths paths;
    private final ExitCollector collector;

    public Reconciler(ExecutorPaths paths, ExitCollector collector) {
        this.paths = paths;
        this.collector = collector;
    }

    public void run() {
        Path dir = paths.containersDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        int n = 0;
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path container : containers) {
                collector.reconcile(container.getFileName().toString());
                n++;
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", dir, e.toString());
        }
        LOG.infof("reconciled %d container(s)", n);
    }
}
