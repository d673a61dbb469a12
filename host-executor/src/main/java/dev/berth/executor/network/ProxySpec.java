package dev.berth.executor.network;

import java.util.Map;
import java.util.Set;

import dev.berth.contracts.config.ConfigException;
import dev.berth.contracts.config.ProxyAddress;

/**
 * A {@code proxy} device as the executor runs it, with LXD's {@code bind=host}: it listens on the host at
 * {@code listen} and connects to {@code connect} inside the container (its network namespace, and its filesystem for a
 * unix socket).
 */
public record ProxySpec(String device, ProxyAddress listen, ProxyAddress connect) {
    private static final Set<String> KEYS = Set.of("type", "listen", "connect", "bind");

    public ProxySpec {
        if (device == null || !device.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw NetworkException.badRequest("Invalid device name \"" + device + "\"");
        }
        if (listen == null || connect == null) {
            throw NetworkException.badRequest("proxy device \"" + device + "\" needs both listen and connect");
        }
        try {
            ProxyAddress.checkPair(device, listen, connect);
        } catch (ConfigException e) {
            throw NetworkException.badRequest(e.getMessage());
        }
    }

    /**
     * Reads a proxy device's config as LXD writes it ({@code listen}, {@code connect}, optional {@code bind}); only
     * {@code bind=host} is supported, and keys such as {@code nat}, {@code mode} or {@code proxy_protocol} are refused.
     */
    public static ProxySpec of(String device, Map<String, String> config) {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw NetworkException.badRequest("Invalid device \"" + device + "\": option \"" + key
                        + "\" of proxy devices is not supported");
            }
        }
        String bind = config.getOrDefault("bind", "host");
        if (!bind.isEmpty() && !bind.equals("host")) {
            throw NetworkException.badRequest("Invalid value for device \"" + device + "\" option \"bind\" (\"" + bind
                    + "\"): only \"host\" is supported");
        }
        try {
            return new ProxySpec(device, ProxyAddress.parse(device, "listen", config.get("listen")),
                    ProxyAddress.parse(device, "connect", config.get("connect")));
        } catch (ConfigException e) {
            throw NetworkException.badRequest(e.getMessage());
        }
    }
}
