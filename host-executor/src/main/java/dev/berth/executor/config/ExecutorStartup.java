package dev.berth.executor.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.berth.executor.service.ExitCollector;
import dev.berth.executor.service.ExitWatcher;
import dev.berth.executor.service.HostCommandHandler;
import dev.berth.executor.service.OomWatcher;
import dev.berth.executor.service.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * At startup: watch the exit dir first (so nothing that exits meanwhile is missed), open the storage pools (after a
 * host reboot: attach their loop files), build the recorded networks again (bridges, tables and dnsmasq are gone after
 * a reboot), then reconcile every container and collect exit files already present.
 * Running containers are left running.
 */
@Singleton
public class ExecutorStartup {
    private static final Logger LOG = Logger.getLogger(ExecutorStartup.class);

    @Inject
    ExecutorPaths paths;

    @Inject
    ExitCollector collector;

    @Inject
    Reconciler reconciler;

    @Inject
    OomWatcher oom;

    @Inject
    HostCommandHandler handler;

    @Inject
    dev.berth.executor.service.ContainerManager containers;

    @Inject
    dev.berth.executor.network.NodeNetworks networks;

    private ExitWatcher watcher;
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        watcher = new ExitWatcher(paths.exitsDir(), collector::onExitFile);
        try {
            watcher.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + paths.exitsDir(), e);
        }
        containers.pools().openAll();
        containers.registerLeases(reconciler.containerIds());
        networks.ensureAll();
        reconciler.run();
        watcher.rescan();
        if (BootId.changedSinceLastRun(paths.stateDir().resolve("executor").resolve("boot_id"))) {
            handler.autostart(reconciler.containerIds());
        }
        oom.start(java.time.Duration.ofSeconds(1));
        started = true;
        LOG.infof("host-executor started: state %s, runtime %s", paths.stateDir(), paths.runDir());
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        oom.close();
    }

    public boolean started() {
        return started;
    }
}
