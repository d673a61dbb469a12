package dev.berth.image.service;

import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.domain.ImageConflictException;
import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.messaging.LifecyclePublisher;
import dev.berth.image.repository.AliasRepository;
import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.ImageRepository;
import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;

/**
 * Changes to the image records: register an upload, edit, delete. Each change commits with its lifecycle events in
 * one transaction (outbox), and the events go to Kafka after the commit.
 */
@ApplicationScoped
public class ImageRegistry {
    private static final Logger LOG = Logger.getLogger(ImageRegistry.class);
    /** Serialises registrations of one fingerprint, so a losing duplicate never deletes the winner's blob. */
    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    /** Moves staged blobs into place. */
    @FunctionalInterface
    interface BlobCommit {
        void run() throws IOException;
    }

    @Inject
    Tx tx;
    @Inject
    ImageRepository images;
    @Inject
    AliasRepository aliases;
    @Inject
    OutboxStore outbox;
    @Inject
    BlobStore blobs;
    @Inject
    LifecyclePublisher publisher;
    @Inject
    BerthConfig config;

    /**
     * Registers a new image with its aliases: 409 when the fingerprint or an alias exists. The blobs are committed
     * first and removed again when the row cannot be written.
     */
    void register(Image image, List<String> aliasNames, String operationId, BlobCommit commitBlobs)
            throws IOException {
        register(image, null, aliasNames, operationId, commitBlobs);
    }

    /**
     * As {@link #register(Image, List, String, BlobCommit)} for an image whose fingerprint is not the sha256 of its
     * files (OCI imports): {@code contentSha256} is, and executors verify their download against it.
     */
    void register(Image image, String contentSha256, List<String> aliasNames, String operationId,
            BlobCommit commitBlobs) throws IOException {
        List<OutboxRow> rows;
        synchronized (stripe(image.fingerprint())) {
            requireNew(image.fingerprint());
            commitBlobs.run();
            try {
                rows = tx.run(c -> {
                    if (!images.insert(c, image)) {
                        throw duplicate(image.fingerprint());
                    }
                    if (contentSha256 != null) {
                        images.setContentSha256(c, image.fingerprint(), contentSha256);
                    }
                    ImageEvents events = events(c, operationId);
                    events.image("image-created", image.fingerprint(), Map.of("type", image.type()));
                    for (String name : aliasNames) {
                        if (!aliases.insert(c, new ImageAlias(name, image.fingerprint(), ""))) {
                            throw new ImageConflictException("Alias \"" + name + "\" already exists");
                        }
                        events.alias("image-alias-created", name, Map.of("target", image.fingerprint()));
                    }
                    return events.rows();
                });
            } catch (RuntimeException e) {
                removeBlobsUnlessRegistered(image);
                throw e;
            }
        }
        LOG.infof("image %s registered (%d bytes, %s, aliases %s)", image.fingerprint(), image.size(),
                image.split() ? "split" : "unified", aliasNames);
        publisher.publish(rows);
    }

    /**
     * Applies {@code edit} to the locked image and writes its editable fields (public, properties, expires_at);
     * emits image-updated. {@code ifMatch} guards against lost updates.
     */
    public void update(String fingerprint, UnaryOperator<Image> edit, Optional<String> ifMatch,
            String operationId) {
        List<OutboxRow> rows = tx.run(c -> {
            Image current = images.lock(c, fingerprint)
                    .orElseThrow(() -> new ImageNotFoundException("Image not found"));
            ETags.check(ifMatch, ETags.of(current));
            Image edited = edit.apply(current);
            images.updateEditable(c, edited);
            ImageEvents events = events(c, operationId);
            events.image("image-updated", edited.fingerprint(), Map.of());
            return events.rows();
        });
        publisher.publish(rows);
    }

    /** Deletes the image, its aliases and its blobs; emits image-deleted. */
    public void delete(Image image, String operationId) {
        List<OutboxRow> rows;
        synchronized (stripe(image.fingerprint())) {
            rows = tx.run(c -> {
                if (!images.delete(c, image.fingerprint())) {
                    throw new ImageNotFoundException("Image not found");
                }
                ImageEvents events = events(c, operationId);
                events.image("image-deleted", image.fingerprint(), Map.of());
                return events.rows();
            });
            removeBlobsUnlessRegistered(image);
        }
        publisher.publish(rows);
    }

    private static Object stripe(String fingerprint) {
        return STRIPES[Math.floorMod(fingerprint.hashCode(), STRIPES.length)];
    }

    private void requireNew(String fingerprint) {
        if (tx.run(c -> images.lock(c, fingerprint)).isPresent()) {
            throw duplicate(fingerprint);
        }
    }

    private static ImageConflictException duplicate(String fingerprint) {
        return new ImageConflictException("Image with same fingerprint already exists: " + fingerprint);
    }

    private void removeBlobsUnlessRegistered(Image image) {
        try {
            if (tx.run(c -> images.lock(c, image.fingerprint())).isEmpty()) {
                blobs.delete(image.blobName());
                blobs.delete(image.rootfsBlobName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot remove the blobs of image %s: %s", image.fingerprint(), e.toString());
        }
    }

    private ImageEvents events(Connection c, String operationId) {
        return new ImageEvents(c, outbox, config.image().lifecycleTopic(), operationId);
    }
}
