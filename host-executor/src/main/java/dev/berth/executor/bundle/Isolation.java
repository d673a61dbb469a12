package dev.berth.executor.bundle;

import java.util.Map;
import java.util.Optional;

import dev.berth.contracts.config.IdMap;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.config.SeccompPolicy;

/**
 * How a container is confined, from its {@code security.*} and {@code raw.seccomp} keys: unprivileged (a user
 * namespace with the node's id map) unless {@code security.privileged=true}; {@code security.nesting=true} leaves
 * /proc and /sys unmasked so the container can mount its own (nested containers need that); the default seccomp
 * deny list unless a privileged instance brings its own policy.
 */
public record Isolation(Optional<IdMap> idmap, boolean nesting, SeccompPolicy seccomp) {

    /** What a container with no security keys gets. */
    public static Isolation unprivileged(IdMap map) {
        return new Isolation(Optional.of(map), false, SeccompPolicy.DEFAULT);
    }

    public static Isolation from(Map<String, String> config, IdMap map) {
        Map<String, String> c = config == null ? Map.of() : config;
        boolean privileged = InstanceConfig.isTrue(c, InstanceConfig.SECURITY_PRIVILEGED);
        SeccompPolicy seccomp = privileged && c.containsKey(InstanceConfig.RAW_SECCOMP)
                ? SeccompPolicy.parse(c.get(InstanceConfig.RAW_SECCOMP))
                : SeccompPolicy.DEFAULT;
        return new Isolation(privileged ? Optional.empty() : Optional.of(map),
                InstanceConfig.isTrue(c, InstanceConfig.SECURITY_NESTING), seccomp);
    }

    public boolean privileged() {
        return idmap.isEmpty();
    }
}
