package dev.berth.executor.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> ids = containerIds();
        ids.forEach(collector::reconcile);
        LOG.infof("reconciled %d container(s)", ids.size());
    }

    /** The containers this node has a dir for. */
    public List<String> containerIds() {
        Path dir = paths.containersDir();
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path container : containers) {
                ids.add(container.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", dir, e.toString());
        }
        return ids;
    }
}
