package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.StoragePoolRepository;
import dev.berth.container.repository.StoragePoolRepository.Pool;
import dev.berth.container.repository.StoragePoolRepository.Status;
import dev.berth.container.service.ProfileService.Refusal;
import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.config.PoolConfig;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.StoragePool;
import dev.berth.contracts.lxd.StoragePoolsPost;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRow;

/**
 * Storage pools, answered synchronously as LXD does: a create or delete writes the pool's row and the node's command
 * in one transaction, then waits for the executor's answer (which {@link HostEventHandler} records) and reports it.
 * The built-in overlay pool {@code default} cannot be deleted.
 */
@ApplicationScoped
public class StoragePoolService {
    static final String PROJECT = "default";
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final long POLL_MS = 25;

    @Inject
    Tx tx;
    @Inject
    StoragePoolRepository pools;
    @Inject
    InstanceRepository instances;
    @Inject
    ProfileService profiles;
    @Inject
    dev.berth.support.outbox.OutboxStore outbox;
    @Inject
    Placement placement;

    public List<StoragePool> list() {
        return tx.run(c -> {
            List<StoragePool> out = new ArrayList<>();
            for (Pool p : pools.list(c)) {
                out.add(view(c, p));
            }
            return out;
        });
    }

    public StoragePool get(String name) {
        return tx.run(c -> view(c, existing(c, name, false)));
    }

    /** Creates the pool on the node; {@code publish} sends the command rows at once. */
    public void create(StoragePoolsPost req, Consumer<List<OutboxRow>> publish) {
        try {
            PoolConfig.validate(req.name(), req.driver(), req.configOrEmpty());
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
        Pool pool = new Pool(req.name(), req.driver(), req.description() == null ? "" : req.description(),
                req.configOrEmpty(), Status.CREATING, null, null);
        publish.accept(tx.run(c -> {
            Optional<Pool> existing = pools.find(c, pool.name(), true);
            if (existing.isPresent()) {
                throw new Refusal(409, "Storage pool \"" + pool.name() + "\" already exists");
            }
            pools.insert(c, pool);
            Outgoing out = new Outgoing(c, outbox);
            out.hostCommand(Envelope.root(null, PROJECT), new HostCommand.CreateStoragePool(placement.choose(),
                    PROJECT, pool.name(), pool.driver(), pool.config()));
            return out.rows();
        }));
        Pool done = await(pool.name(), Status.CREATING);
        if (done == null || done.status() == Status.ERRORED) {
            String error = done == null ? "the storage pool disappeared while it was being created" : done.error();
            tx.run(c -> {
                pools.delete(c, pool.name());
                return null;
            });
            throw new Refusal(done == null || done.errorCode() == null ? 500 : done.errorCode(),
                    "Failed to create storage pool \"" + pool.name() + "\": " + error);
        }
    }

    /** Only the description can change; config keys must stay as they are. */
    public void update(String name, StoragePoolsPost req, boolean merge) {
        tx.run(c -> {
            Pool current = existing(c, name, true);
            Map<String, String> wanted = req.config() == null
                    ? current.config()
                    : merge ? merged(current.config(), req.config()) : req.config();
            if (!wanted.equals(current.config())) {
                throw new Refusal(400, "Invalid config: the config of storage pool \"" + name
                        + "\" cannot be changed once it is created (only its description can)");
            }
            String description = req.description() == null && merge
                    ? current.description()
                    : Objects.requireNonNullElse(req.description(), "");
            pools.update(c, new Pool(name, current.driver(), description, current.config(), current.status(),
                    current.error(), current.errorCode()));
            return null;
        });
    }

    /** Deletes an unused pool from the node and then its record. */
    public void delete(String name, Consumer<List<OutboxRow>> publish) {
        if (PoolConfig.DEFAULT_POOL.equals(name)) {
            throw new Refusal(400, "The storage pool \"default\" is the node's built-in overlay pool and cannot be"
                    + " deleted");
        }
        publish.accept(tx.run(c -> {
            Pool pool = existing(c, name, true);
            if (pool.status() == Status.CREATING || pool.status() == Status.DELETING) {
                throw new Refusal(409, "Storage pool \"" + name + "\" is busy (" + pool.status().name().toLowerCase()
                        + ")");
            }
            if (!usedBy(c, name).isEmpty()) {
                throw new Refusal(400, "The storage pool is currently in use");
            }
            pools.update(c, pool.withStatus(Status.DELETING, null, null));
            Outgoing out = new Outgoing(c, outbox);
            out.hostCommand(Envelope.root(null, PROJECT),
                    new HostCommand.DeleteStoragePool(placement.choose(), PROJECT, name));
            return out.rows();
        }));
        Pool left = await(name, Status.DELETING);
        if (left != null) {
            tx.run(c -> {
                pools.update(c, left.withStatus(Status.CREATED, null, null));
                return null;
            });
            throw new Refusal(left.errorCode() == null ? 500 : left.errorCode(),
                    "Failed to delete storage pool \"" + name + "\": " + left.error());
        }
    }

    /**
     * Checks that an instance's root disk is on a created pool, with {@code size} only where the pool's driver can
     * enforce it; a 400 naming the pool otherwise.
     */
    public void checkRootDisk(Connection c, Expanded expanded) throws SQLException {
        Optional<Map<String, String>> root = Devices.rootDisk(expanded.devices());
        if (root.isEmpty()) {
            throw new Refusal(400, "Invalid devices: no root disk device (a disk with path \"/\") in the instance or"
                    + " its profiles");
        }
        String name = root.get().get("pool");
        // the built-in pool always exists and is overlay: no query on the launch path for it
        String driver = PoolConfig.DEFAULT_POOL.equals(name)
                ? PoolConfig.OVERLAY
                : pools.find(c, name, false).filter(p -> p.status() == Status.CREATED).map(Pool::driver)
                        .orElseThrow(() -> new Refusal(400, "Invalid devices: storage pool \"" + name
                                + "\" doesn't exist"));
        if (root.get().containsKey("size") && !PoolConfig.enforcesSize(driver)) {
            throw new Refusal(400, "Invalid devices: storage pool \"" + name + "\" (driver " + driver
                    + ") cannot enforce a root disk size; remove size= or use a btrfs pool");
        }
    }

    /** The row once it has left {@code passing}, or null when it is gone. */
    private Pool await(String name, Status passing) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Pool> now = tx.run(c -> pools.find(c, name, false));
            if (now.isEmpty() || now.get().status() != passing) {
                return now.orElse(null);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refusal(500, "Interrupted while waiting for the node");
            }
        }
        throw new Refusal(500, "The node did not answer within " + WAIT.toSeconds() + " s; storage pool \"" + name
                + "\" is still " + passing.name().toLowerCase());
    }

    private StoragePool view(Connection c, Pool p) throws SQLException {
        String status = switch (p.status()) {
            case CREATED -> "Created";
            case ERRORED -> "Errored";
            case CREATING, DELETING -> "Pending";
        };
        return new StoragePool(p.name(), p.driver(), p.description(), p.config(), usedBy(c, p.name()), status,
                List.of("none"));
    }

    /** The profiles and instances whose root disk is on the pool, as URLs, sorted. */
    private List<String> usedBy(Connection c, String name) throws SQLException {
        List<String> usedBy = new ArrayList<>();
        Map<String, Profile> all = profiles.byName(c);
        for (Profile p : all.values()) {
            if (p.devices().values().stream().anyMatch(d -> Devices.isRootDisk(d) && name.equals(d.get("pool")))) {
                usedBy.add("/1.0/profiles/" + p.name());
            }
        }
        for (InstanceRecord r : instances.listAll(c)) {
            if (Devices.rootDisk(ProfileService.expand(r.settings(), all).devices())
                    .filter(d -> name.equals(d.get("pool"))).isPresent()) {
                usedBy.add(r.ref().url());
            }
        }
        usedBy.sort(null);
        return usedBy;
    }

    private Pool existing(Connection c, String name, boolean forUpdate) throws SQLException {
        return pools.find(c, name, forUpdate)
                .orElseThrow(() -> new Refusal(404, "Storage pool \"" + name + "\" not found"));
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> out = new java.util.TreeMap<>(current);
        patch.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
