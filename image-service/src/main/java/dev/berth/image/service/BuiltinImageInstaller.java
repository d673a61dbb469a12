package dev.berth.image.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.BusyboxImageLayout;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.repository.AliasRepository;
import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.repository.ImageRepository;
import dev.berth.support.jdbc.Tx;
import io.quarkus.runtime.StartupEvent;

/**
 * Builds the built-in busybox image from the host's busybox-static at start-up, stores its blob and registers it
 * under the alias {@code busybox}. The tarball is deterministic, so a restart re-registers the same fingerprint.
 */
@ApplicationScoped
public class BuiltinImageInstaller {
    private static final Logger LOG = Logger.getLogger(BuiltinImageInstaller.class);

    @Inject
    BerthConfig config;
    @Inject
    BusyboxProbe probe;
    @Inject
    BlobStore blobs;
    @Inject
    Tx tx;
    @Inject
    ImageRepository images;
    @Inject
    AliasRepository aliases;
    @Inject
    Readiness readiness;

    Clock clock = Clock.systemUTC();

    void onStart(@Observes StartupEvent event) {
        try {
            Image image = install();
            LOG.infof("built-in image %s registered as alias %s (%d bytes, busybox %s)", image.fingerprint(),
                    BusyboxImageLayout.ALIAS, image.size(), image.properties().get("release"));
        } catch (IOException | RuntimeException e) {
            // Stay up but not ready: /internal/ready reports the reason.
            LOG.errorf(e, "cannot register the built-in busybox image");
            readiness.failed("cannot register the built-in busybox image: " + e.getMessage());
        }
    }

    /** Builds, stores and registers the image; safe to repeat. */
    public Image install() throws IOException {
        BuiltinImage builtin = BuiltinImage.from(probe.probe(config.busybox().path()), Architectures.host());
        BlobInfo blob = blobs.put(builtin.tarball());
        Image image = new Image(blob.fingerprint(), builtin.filename(), blob.size(),
                builtin.metadata().architecture(), Image.TYPE_CONTAINER, builtin.metadata().properties(), false,
                false, Instant.ofEpochSecond(builtin.metadata().creationDate()), clock.instant(), null, null, false);
        tx.run(c -> {
            images.upsert(c, image);
            aliases.upsert(c, new ImageAlias(BusyboxImageLayout.ALIAS, image.fingerprint(), ""));
            return null;
        });
        readiness.registered(image.fingerprint());
        return image;
    }
}
