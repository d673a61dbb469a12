package dev.berth.network.domain;

import java.util.Map;

/** A managed network as stored: its config holds the resolved subnet, never {@code auto}. */
public record NetworkRecord(String name, String type, String description, Map<String, String> config,
        NetworkStatus status) {

    public NetworkRecord with(String description, Map<String, String> config) {
        return new NetworkRecord(name, type, description, config, status);
    }
}
