package dev.berth.executor.exec;

import io.vertx.core.http.ServerWebSocket;

/** A session whose fds the gateway attaches through {@code /internal/exec/{operation}/{fd}}: an exec or a console. */
interface Attachable {
    /** Refuses an fd the session lacks (403) or one already attached (409), before the upgrade. */
    void check(String fd);

    void attach(String fd, ServerWebSocket ws);
}
