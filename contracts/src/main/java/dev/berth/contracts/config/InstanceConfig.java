package dev.berth.contracts.config;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The instance configuration keys Berth implements, with their validation. */
public final class InstanceConfig {
    public static final String LIMITS_MEMORY = "limits.memory";
    public static final String LIMITS_CPU = "limits.cpu";
    public static final String LIMITS_MEMORY_SWAP = "limits.memory.swap";
    public static final String LIMITS_CPU_ALLOWANCE = "limits.cpu.allowance";
    public static final String LIMITS_PROCESSES = "limits.processes";
    public static final String SECURITY_PRIVILEGED = "security.privileged";
    public static final String SECURITY_NESTING = "security.nesting";
    public static final String RAW_SECCOMP = "raw.seccomp";
    public static final String BOOT_AUTOSTART = "boot.autostart";

    /** Keys whose value is free text: user metadata, environment, and what the server copies from the image. */
    private static final Set<String> FREE_PREFIXES = Set.of("user.", "environment.", "image.");

    private static final Map<String, Consumer<String>> VALIDATORS = Map.of(
            LIMITS_MEMORY, value -> Limits.parseMemoryLimit(value, Long.MAX_VALUE),
            LIMITS_MEMORY_SWAP, InstanceConfig::parseBoolean,
            LIMITS_CPU_ALLOWANCE, Limits::parseAllowance,
            LIMITS_CPU, value -> Limits.parseCpus(value, Integer.MAX_VALUE),
            LIMITS_PROCESSES, value -> Limits.parseProcesses(value),
            SECURITY_PRIVILEGED, InstanceConfig::parseBoolean,
            SECURITY_NESTING, InstanceConfig::parseBoolean,
            RAW_SECCOMP, SeccompPolicy::parse,
            BOOT_AUTOSTART, InstanceConfig::parseBoolean);

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
        if (config.containsKey(RAW_SECCOMP) && !isTrue(config, SECURITY_PRIVILEGED)) {
            throw new ConfigException(RAW_SECCOMP, "Invalid value for config key \"" + RAW_SECCOMP
                    + "\": a custom seccomp policy needs security.privileged=true");
        }
    }

    /** LXD's booleans: true/false, 1/0, yes/no, on/off. */
    public static boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("\"" + value + "\" is not a boolean (true or false)");
        };
    }

    /** A boolean key of an already validated config; absent means false. */
    public static boolean isTrue(Map<String, String> config, String key) {
        String value = config == null ? null : config.get(key);
        return value != null && parseBoolean(value);
    }
}
