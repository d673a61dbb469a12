package dev.berth.contracts.config;

/** A rejected instance configuration entry; the message names the key. */
public class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
