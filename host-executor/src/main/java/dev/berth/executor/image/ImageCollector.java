package dev.berth.executor.image;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.berth.executor.config.ExecutorPaths;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Garbage-collects the image cache: every {@code berth.executor.image-gc-interval} it removes cached images that no
 * container uses and nobody asked for during {@code berth.executor.image-gc-after} (default one hour), and the copies
 * storage pools imported of them (btrfs keeps each image as a read-only subvolume).
 */
@ApplicationScoped
public class ImageCollector {
    private static final Logger LOG = Logger.getLogger(ImageCollector.class);

    @Inject
    ImageCache cache;
    @Inject
    ExecutorPaths paths;
    @Inject
    dev.berth.executor.service.ContainerManager containers;

    @ConfigProperty(name = "berth.executor.image-gc-after", defaultValue = "1h")
    Duration gcAfter;

    @ConfigProperty(name = "berth.executor.image-gc-interval", defaultValue = "5m")
    Duration interval;

    private ScheduledExecutorService sweeper;

    void start(@Observes StartupEvent ev) {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "image-gc");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** One pass; returns the fingerprints removed (from the cache and from every pool that imported them). */
    public List<String> sweep() {
        List<String> removed;
        try {
            removed = cache.collect(ImagesInUse.scan(paths.containersDir()), gcAfter);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("image gc skipped: %s", e.toString());
            return List.of();
        }
        for (String pool : containers.pools().recorded()) {
            for (String fingerprint : removed) {
                try {
                    containers.pools().driver(pool).deleteImage(fingerprint);
                } catch (RuntimeException e) {
                    LOG.warnf("image gc: %s stays in storage pool %s: %s", fingerprint, pool, e.getMessage());
                }
            }
        }
        return removed;
    }
}
