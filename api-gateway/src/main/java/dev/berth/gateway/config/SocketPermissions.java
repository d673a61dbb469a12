package dev.berth.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.DomainSocketServerStart;

/** Narrows the API socket to 0660, as LXD does: root and the socket's group only. */
@ApplicationScoped
public class SocketPermissions {
    private static final Logger LOG = Logger.getLogger(SocketPermissions.class);

    @ConfigProperty(name = "quarkus.http.domain-socket")
    String socket;

    // Quarkus fires this event asynchronously; a plain @Observes is never called.
    void onStart(@ObservesAsync DomainSocketServerStart event) {
        try {
            Files.setPosixFilePermissions(Path.of(socket), PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            LOG.errorf("cannot set mode 0660 on %s: %s", socket, e.getMessage());
        }
    }
}
