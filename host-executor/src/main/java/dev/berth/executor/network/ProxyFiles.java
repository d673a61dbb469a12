package dev.berth.executor.network;

import java.nio.file.Path;

/**
 * Where one proxy device keeps its state, in the directory its caller gives {@link Proxies} (the container's). The
 * relay socket joins the two socat processes; both run with {@code dir} as working directory and name it relatively,
 * which keeps it far below the 107-byte socket path limit whatever {@code dir} is.
 */
record ProxyFiles(Path dir, String device) {
    static final String PREFIX = "proxy-";

    /** The relay socket's name relative to {@link #dir()}. */
    String relayName() {
        return PREFIX + device + ".sock";
    }

    Path relay() {
        return dir.resolve(relayName());
    }

    /** The pid of the socat listening on the host. */
    Path hostPid() {
        return dir.resolve(PREFIX + device + ".host.pid");
    }

    /** The pid of the socat in the container's network namespace. */
    Path insidePid() {
        return dir.resolve(PREFIX + device + ".inside.pid");
    }

    /** Both processes' stderr: socat only prints errors there, and it is emptied at every start. */
    Path log() {
        return dir.resolve(PREFIX + device + ".log");
    }
}
