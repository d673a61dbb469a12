package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.ProfileRepository;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.ProfilesPost;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;

/**
 * Profiles as LXD has them: CRUD with validation, {@code used_by}, the expansion of an instance's settings, and a
 * change reaching the instances that use the profile (live limits for the running ones, the rest at their next start).
 */
@ApplicationScoped
public class ProfileService {
    @Inject
    NicPlanner nics;
    private static final Logger LOG = Logger.getLogger(ProfileService.class);
    public static final String DEFAULT = "default";

    /** A refused profile or pool request, with its LXD error code. */
    public static final class Refusal extends RuntimeException {
        private final int code;

        public Refusal(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    @Inject
    Tx tx;
    @Inject
    ProfileRepository profiles;
    @Inject
    InstanceRepository instances;
    @Inject
    OutboxStore outbox;
    @Inject
    ImageResolver images;
    @Inject
    StoragePoolService pools;

    public List<Profile> list() {
        return tx.run(c -> {
            List<Profile> out = new ArrayList<>();
            for (Profile p : profiles.list(c)) {
                out.add(withUsedBy(c, p));
            }
            return out;
        });
    }

    public Profile get(String name) {
        return tx.run(c -> withUsedBy(c, existing(c, name, false)));
    }

    /** Every profile by name, for expanding many instances at once. */
    public Map<String, Profile> byName(Connection c) throws SQLException {
        Map<String, Profile> all = new HashMap<>();
        for (Profile p : profiles.list(c)) {
            all.put(p.name(), p);
        }
        return all;
    }

    /** The instance's effective config and devices; a profile that no longer exists contributes nothing. */
    public static Expanded expand(InstanceSettings s, Map<String, Profile> all) {
        List<Profile> chain = s.profiles().stream().filter(all::containsKey).map(all::get).toList();
        return Expanded.of(chain, s.config(), s.devices());
    }

    /** Checks that the named profiles exist and that the expanded result is valid; throws a 400 otherwise. */
    public Expanded validated(Connection c, InstanceSettings s) throws SQLException {
        Map<String, Profile> all = byName(c);
        for (String name : s.profiles()) {
            if (!all.containsKey(name)) {
                throw new Refusal(400, "Profile \"" + name + "\" doesn't exist");
            }
        }
        Expanded expanded = expand(s, all);
        check(expanded);
        pools.checkRootDisk(c, expanded);
        return expanded;
    }

    public void create(ProfilesPost req) {
        String name = req.name();
        checkName(name);
        Profile p = new Profile(name, req.description(), userConfig(req.config()), devices(req.devices()),
                List.of(), ProfileRepository.PROJECT);
        tx.run(c -> {
            if (!profiles.insert(c, p)) {
                throw new Refusal(409, "Profile \"" + name + "\" already exists");
            }
            return null;
        });
    }

    /** PUT replaces the writable fields, PATCH merges them; instances using the profile follow. */
    public List<OutboxRow> update(String name, ProfilesPost req, boolean merge) {
        return tx.run(c -> {
            Profile current = existing(c, name, true);
            Profile next = merge
                    ? merged(current, req)
                    : new Profile(name, req.description(), req.config(), req.devices(), List.of(),
                            ProfileRepository.PROJECT);
            next = new Profile(name, next.description(), userConfig(next.config()), devices(next.devices()),
                    List.of(), ProfileRepository.PROJECT);
            profiles.update(c, next);
            return propagate(c, name);
        });
    }

    public void rename(String from, String to) {
        if (DEFAULT.equals(from)) {
            throw new Refusal(403, "The \"default\" profile cannot be renamed");
        }
        checkName(to);
        tx.run(c -> {
            existing(c, from, true);
            if (profiles.find(c, to, false).isPresent()) {
                throw new Refusal(409, "Profile \"" + to + "\" already exists");
            }
            profiles.rename(c, from, to);
            for (String[] user : profiles.usedBy(c, from)) {
                InstanceRecord r = instances.find(c, new InstanceRef(user[0], user[1]), true).orElseThrow();
                List<String> renamed = r.settings().profiles().stream().map(p -> p.equals(from) ? to : p).toList();
                instances.update(c, r.withSettings(
                        new InstanceSettings(r.settings().config(), r.settings().devices(), renamed)));
            }
            return null;
        });
    }

    public void delete(String name) {
        if (DEFAULT.equals(name)) {
            throw new Refusal(403, "The \"default\" profile cannot be deleted");
        }
        tx.run(c -> {
            existing(c, name, true);
            if (!profiles.usedBy(c, name).isEmpty()) {
                throw new Refusal(400, "Profile is currently in use");
            }
            profiles.delete(c, name);
            return null;
        });
    }

    /**
     * Re-validates every instance using the profile (a violation rolls the change back) and sends the new
     * expanded spec to the running ones; stopped ones get it with their next start.
     */
    private List<OutboxRow> propagate(Connection c, String name) throws SQLException {
        Map<String, Profile> all = byName(c);
        Outgoing out = new Outgoing(c, outbox);
        List<Runnable> releases = new ArrayList<>();
        for (String[] user : profiles.usedBy(c, name)) {
            InstanceRecord r = instances.find(c, new InstanceRef(user[0], user[1]), false).orElseThrow();
            Expanded expanded = expand(r.settings(), all);
            try {
                check(expanded);
                pools.checkRootDisk(c, expanded);
            } catch (Refusal e) {
                throw new Refusal(400, "Instance \"" + r.ref().name() + "\": " + e.getMessage());
            }
            if (r.status() == InstanceStatus.RUNNING && !r.isBusy()) {
                // its NICs are resolved too, so a NIC the profile gains or loses is plugged in or out at once
                NicPlanner.Resolved resolved;
                try {
                    resolved = nics.resolve(r.ref(), new ContainerSpec(r.imageFingerprint(),
                            images.blobUrl(r.imageFingerprint()), null, expanded.config(), expanded.devices()),
                            r.config());
                } catch (InstanceCommandHandler.Refused e) {
                    throw new Refusal(e.code, "Instance \"" + r.ref().name() + "\": " + e.getMessage());
                }
                InstanceRecord updated = InstanceCommandHandler.withVolatile(r, resolved);
                if (updated != r) {
                    instances.update(c, updated);
                    // freed once every instance has passed its checks (a later refusal rolls all of this back)
                    releases.add(() -> nics.releaseRemoved(r.ref(), r.config(), updated.config()));
                }
                out.hostCommand(Envelope.root(null, r.ref().project()), new HostCommand.UpdateContainer(r.node(),
                        r.ref().project(), r.ref().name(), resolved.spec()));
            } else if (r.status() == InstanceStatus.RUNNING) {
                LOG.infof("[instance=%s] busy; profile %s applies at its next start", r.ref().key(), name);
            }
        }
        releases.forEach(Runnable::run);
        return out.rows();
    }

    private static void check(Expanded expanded) {
        try {
            InstanceConfig.validate(withoutServerKeys(expanded.config()));
            Devices.validate(expanded.devices());
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
    }

    private static Map<String, String> withoutServerKeys(Map<String, String> config) {
        Map<String, String> out = new TreeMap<>(config);
        out.keySet().removeIf(k -> k.startsWith("volatile.") || k.startsWith("image."));
        return out;
    }

    private static Map<String, String> userConfig(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        for (String key : c.keySet()) {
            if (key.startsWith("volatile.") || key.startsWith("image.")) {
                throw new Refusal(400, "Invalid config: \"" + key + "\" cannot be set on a profile");
            }
        }
        try {
            InstanceConfig.validate(c);
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
        return c;
    }

    private static Profile merged(Profile current, ProfilesPost req) {
        Map<String, String> config = new TreeMap<>(current.config());
        if (req.config() != null) {
            req.config().forEach((k, v) -> {
                if (v == null || v.isEmpty()) {
                    config.remove(k);
                } else {
                    config.put(k, v);
                }
            });
        }
        Map<String, Map<String, String>> devices = new TreeMap<>(current.devices());
        if (req.devices() != null) {
            devices.putAll(req.devices());
        }
        return new Profile(current.name(), req.description() == null ? current.description() : req.description(),
                config, devices, List.of(), current.project());
    }

    private Profile existing(Connection c, String name, boolean forUpdate) throws SQLException {
        return profiles.find(c, name, forUpdate)
                .orElseThrow(() -> new Refusal(404, "Profile \"" + name + "\" not found"));
    }

    private Profile withUsedBy(Connection c, Profile p) throws SQLException {
        List<String> urls = new ArrayList<>();
        for (String[] user : profiles.usedBy(c, p.name())) {
            urls.add(new InstanceRef(user[0], user[1]).url());
        }
        return new Profile(p.name(), p.description(), p.config(), p.devices(), urls, p.project());
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 63 || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new Refusal(400, "Invalid profile name \"" + name + "\": use letters, digits, \"-\", \"_\""
                    + " and \".\", up to 63 characters");
        }
    }

    private static Map<String, Map<String, String>> devices(Map<String, Map<String, String>> devices) {
        try {
            Devices.validate(devices);
        } catch (ConfigException e) {
            throw new Refusal(400, e.getMessage());
        }
        return devices == null ? Map.of() : devices;
    }
}
