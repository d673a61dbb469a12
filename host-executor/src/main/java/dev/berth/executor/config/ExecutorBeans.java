package dev.berth.executor.config;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.berth.contracts.config.IdMap;
import dev.berth.executor.build.ImageBuilders;
import dev.berth.executor.image.ImageCache;
import dev.berth.executor.image.ImageDownloader;
import dev.berth.executor.network.BridgeNetworks;
import dev.berth.executor.network.Bridges;
import dev.berth.executor.network.Dnsmasq;
import dev.berth.executor.network.Firewall;
import dev.berth.executor.network.NodeNetworks;
import dev.berth.executor.runtime.ConmonConfig;
import dev.berth.executor.runtime.OciRuntime;
import dev.berth.executor.runtime.RuncCli;
import dev.berth.executor.runtime.RuncGlobal;
import dev.berth.executor.service.ContainerLocks;
import dev.berth.executor.service.ContainerManager;
import dev.berth.executor.service.EventSink;
import dev.berth.executor.service.ExitCollector;
import dev.berth.executor.service.HostCommandHandler;
import dev.berth.executor.service.OomWatcher;
import dev.berth.executor.service.Reconciler;
import dev.berth.executor.service.StatsReader;
import dev.berth.executor.storage.IdmappedMounts;
import dev.berth.executor.storage.OverlayDriver;
import dev.berth.executor.storage.RootfsMounts;
import dev.berth.executor.storage.StorageDriver;
import dev.berth.executor.storage.StoragePools;
import dev.berth.support.auth.InternalToken;

/** Wires the plain-Java executor classes from configuration; the only place they meet CDI. */
@Singleton
public class ExecutorBeans {

    @ConfigProperty(name = "berth.executor.debian-mirror", defaultValue = "http://deb.debian.org/debian")
    String debianMirror;

    @ConfigProperty(name = "berth.executor.debootstrap-cache", defaultValue = "/var/cache/berth/debootstrap")
    Path debootstrapCache;

    @ConfigProperty(name = "berth.network-service.url", defaultValue = "http://127.0.0.1:18083")
    String networkServiceUrl;

    @ConfigProperty(name = "berth.image-service.url", defaultValue = "http://127.0.0.1:18082")
    String imageServiceUrl;

    @Inject
    InternalToken internalToken;

    @ConfigProperty(name = "berth.node", defaultValue = "local")
    String node;

    @ConfigProperty(name = "berth.state-dir", defaultValue = "/var/lib/berth")
    Path stateDir;

    @ConfigProperty(name = "berth.executor.run-dir", defaultValue = "/run/berth")
    Path runDir;

    @ConfigProperty(name = "berth.executor.cgroup-root", defaultValue = "/sys/fs/cgroup")
    Path cgroupRoot;

    @ConfigProperty(name = "berth.executor.runc", defaultValue = "/usr/sbin/runc")
    Path runc;

    @ConfigProperty(name = "berth.executor.conmon", defaultValue = "/usr/bin/conmon")
    Path conmon;

    @ConfigProperty(name = "berth.executor.console-log-max", defaultValue = "1048576")
    long consoleLogMax;

    @ConfigProperty(name = "berth.executor.idmap.base", defaultValue = "1000000")
    long idmapBase;

    @ConfigProperty(name = "berth.executor.idmap.size", defaultValue = "1000000000")
    long idmapSize;

    @ConfigProperty(name = "berth.executor.host-cpus")
    Optional<Integer> hostCpus;

    @Produces
    @Singleton
    ExecutorPaths paths() {
        return new ExecutorPaths(stateDir, runDir, cgroupRoot);
    }

    @Produces
    @Singleton
    OciRuntime runtime(ExecutorPaths paths) {
        return new RuncCli(new RuncGlobal(runc, paths.runcRoot()),
                new ConmonConfig(conmon, paths.exitsDir(), paths.socksDir(), consoleLogMax));
    }

    @Produces
    @Singleton
    StorageDriver storage() {
        return new OverlayDriver();
    }

    @Produces
    @Singleton
    ImageCache images(ExecutorPaths paths) {
        return new ImageCache(paths.imagesDir(),
                new ImageDownloader(new InternalAuth(imageServiceUrl, internalToken.header())));
    }

    @Produces
    @Singleton
    NodeNetworks networks(ExecutorPaths paths) {
        return new NodeNetworks(paths.networksDir(), new BridgeNetworks(new Bridges(), new Firewall(),
                new Dnsmasq(paths.networksDir().resolve("dnsmasq"))));
    }

    @Produces
    @Singleton
    ContainerLocks locks() {
        return new ContainerLocks();
    }

    @Produces
    @Singleton
    ContainerManager containers(ExecutorPaths paths, OciRuntime runtime, StorageDriver storage, ImageCache images,
            NodeNetworks networks) {
        RootfsMounts mounts = new RootfsMounts(storage, new IdmappedMounts(new IdMap(idmapBase, idmapSize)));
        return new ContainerManager(paths, runtime, mounts, images, new StoragePools(paths.storagePoolsDir()),
                new dev.berth.executor.network.InstanceNics(networks,
                        new dev.berth.executor.network.NetworkLookup(networkServiceUrl, internalToken.header())),
                hostCpus.orElse(Runtime.getRuntime().availableProcessors()));
    }

    @Produces
    @Singleton
    HostCommandHandler handler(ContainerManager containers, ContainerLocks locks, EventSink sink,
            ExecutorPaths paths) {
        return new HostCommandHandler(node, containers, locks, sink,
                new ImageBuilders(paths.stateDir().resolve("executor/builds"), debianMirror, debootstrapCache),
                new InternalAuth(imageServiceUrl, internalToken.header()));
    }

    @Produces
    @Singleton
    ExitCollector collector(ContainerManager containers, ContainerLocks locks, EventSink sink) {
        return new ExitCollector(node, containers, locks, sink);
    }

    @Produces
    @Singleton
    OomWatcher oom(ExecutorPaths paths, EventSink sink) {
        return new OomWatcher(node, paths, sink);
    }

    @Produces
    @Singleton
    Reconciler reconciler(ExecutorPaths paths, ExitCollector collector) {
        return new Reconciler(paths, collector);
    }

    @Produces
    @Singleton
    StatsReader stats(ExecutorPaths paths, ContainerManager containers) {
        return new StatsReader(paths.runcRoot(), containers.cgroups());
    }
}
