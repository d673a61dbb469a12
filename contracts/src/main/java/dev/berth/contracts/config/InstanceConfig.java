package dev.berth.contracts.config;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The instance configuration keys Berth implements, with their validation. */
public final class InstanceConfig {
    public static final String LIMITS_MEMORY = "limits.memory";
    public static final String LIMITS_CPU = "limits.cpu";
    public static final String LIMITS_PROCESSES = "limits.processes";

    /** Keys whose value is free text: user metadata, environment, and what the server copies from the image. */
    private static final Set<String> FREE_PREFIXES = Set.of("user.", "environment.", "image.");

    private static final Map<String, Consumer<String>> VALIDATORS = Map.of(
            LIMITS_MEMORY, value -> Limits.parseMemory(value),
            LIMITS_CPU, value -> Limits.parseCpus(value, Integer.MAX_VALUE),
            LIMITS_PROCESSES, value -> Limits.parseProcesses(value));

    private InstanceConfig() {
    }

    /** Throws a {@link ConfigException} naming the first unknown key or bad value. */
    public static void validate(Map<String, String> config) {
        if (config == null) {
            return;
        }
        for (Map.Entry<String, String> entry : config.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isEmpty()) {
                throw new ConfigException("", "Invalid config: empty key");
            }
            if (entry.getValue() == null) {
                throw new ConfigException(key, "Invalid value for config key \"" + key + "\": value must not be null");
            }
            if (FREE_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            Consumer<String> validator = VALIDATORS.get(key);
            if (validator == null) {
                throw new ConfigException(key, "Unknown configuration key: " + key);
            }
            try {
                validator.accept(entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key,
                        "Invalid value for config key \"" + key + "\": " + e.getMessage());
            }
        }
    }
}
