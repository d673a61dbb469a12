package dev.berth.container.domain;

import java.util.List;
import java.util.Map;

/** What a user sets on an instance: its own config keys and devices, and its profiles in order. */
public record InstanceSettings(Map<String, String> config, Map<String, Map<String, String>> devices,
        List<String> profiles) {

    public InstanceSettings {
        config = config == null ? Map.of() : config;
        devices = devices == null ? Map.of() : devices;
        profiles = profiles == null ? List.of() : profiles;
    }
}
