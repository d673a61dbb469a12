package dev.berth.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.Expanded;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.config.PoolConfig;
import dev.berth.contracts.lxd.StoragePool;
import dev.berth.contracts.lxd.Profile;
import dev.berth.gateway.rest.LxdException;

/**
 * Checks an instance's settings before a command goes out, so bad input is a synchronous 400 naming what is wrong:
 * its own keys and devices, its profiles exist, and what they expand to is valid and has a root disk on a pool that
 * exists.
 */
@ApplicationScoped
public class SettingsCheck {
    @Inject
    ContainerServiceClient containers;

    public void check(Map<String, String> config, Map<String, Map<String, String>> devices, List<String> profiles) {
        try {
            InstanceConfig.validate(InstanceUpdates.userKeys(config));
            Devices.validate(devices);
        } catch (ConfigException e) {
            throw LxdException.badRequest(e.getMessage());
        }
        Map<String, Profile> known = containers.profiles().stream()
                .collect(Collectors.toMap(Profile::name, p -> p));
        List<Profile> chain = new ArrayList<>();
        for (String name : profiles) {
            Profile p = known.get(name);
            if (p == null) {
                throw LxdException.badRequest("Invalid profiles: profile \"" + name + "\" doesn't exist");
            }
            chain.add(p);
        }
        Expanded expanded = Expanded.of(chain, config, devices);
        try {
            InstanceConfig.validate(InstanceUpdates.userKeys(expanded.config()));
        } catch (ConfigException e) {
            throw LxdException.badRequest(e.getMessage());
        }
        Map<String, String> root = expanded.devices().values().stream().filter(Devices::isRootDisk).findFirst()
                .orElseThrow(() -> LxdException.badRequest(
                        "Invalid devices: no root disk device (a disk with path \"/\") in the instance or its profiles"));
        String poolName = root.get("pool");
        // the built-in pool always exists and is overlay: no lookup on the launch path for it
        String driver = PoolConfig.DEFAULT_POOL.equals(poolName)
                ? PoolConfig.OVERLAY
                : containers.storagePool(poolName).filter(p -> "Created".equals(p.status()))
                        .map(StoragePool::driver).orElseThrow(() -> LxdException.badRequest(
                                "Invalid devices: storage pool \"" + poolName + "\" doesn't exist"));
        if (root.containsKey("size") && !PoolConfig.enforcesSize(driver)) {
            throw LxdException.badRequest("Invalid devices: storage pool \"" + poolName + "\" (driver " + driver
                    + ") cannot enforce a root disk size; remove size= or use a btrfs pool");
        }
    }
}
