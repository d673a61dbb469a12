package dev.berth.contracts.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.berth.contracts.lxd.Profile;

/**
 * An instance's effective configuration, as LXD expands it: its profiles in order, then its own keys and devices;
 * the last one to set a key or name a device wins (a device is replaced whole, not merged key by key).
 */
public record Expanded(Map<String, String> config, Map<String, Map<String, String>> devices) {

    public static Expanded of(List<Profile> profiles, Map<String, String> localConfig,
            Map<String, Map<String, String>> localDevices) {
        Map<String, String> config = new TreeMap<>();
        Map<String, Map<String, String>> devices = new TreeMap<>();
        for (Profile p : profiles) {
            putAll(config, devices, p.config(), p.devices());
        }
        putAll(config, devices, localConfig, localDevices);
        return new Expanded(config, devices);
    }

    private static void putAll(Map<String, String> config, Map<String, Map<String, String>> devices,
            Map<String, String> moreConfig, Map<String, Map<String, String>> moreDevices) {
        if (moreConfig != null) {
            config.putAll(moreConfig);
        }
        if (moreDevices != null) {
            moreDevices.forEach((name, device) -> devices.put(name, new LinkedHashMap<>(device)));
        }
    }
}
