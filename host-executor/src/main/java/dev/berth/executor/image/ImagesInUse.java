package dev.berth.executor.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.ContainerSpec;

/** The fingerprints the node's containers are made from: every {@code containers/<id>/spec.json} names one. */
final class ImagesInUse {
    private static final Logger LOG = Logger.getLogger(ImagesInUse.class);

    private ImagesInUse() {
    }

    /**
     * Reads the specs under {@code containersDir}. A container whose spec cannot be read makes the whole answer
     * unknown (it throws), so the collector keeps everything rather than guess.
     */
    static Set<String> scan(Path containersDir) throws IOException {
        Set<String> inUse = new HashSet<>();
        try (Stream<Path> dirs = Files.list(containersDir)) {
            for (Path dir : dirs.toList()) {
                Path spec = dir.resolve("spec.json");
                if (!Files.isRegularFile(spec)) {
                    LOG.debugf("image gc: %s has no spec.json yet", dir);
                    continue;
                }
                inUse.add(Json.read(Files.readString(spec), ContainerSpec.class).fingerprint());
            }
        } catch (NoSuchFileException e) {
            return inUse;
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable container spec: " + e.getMessage(), e);
        }
        return inUse;
    }
}
