package dev.berth.image.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.domain.ImageConflictException;
import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.messaging.LifecyclePublisher;
import dev.berth.image.repository.AliasRepository;
import dev.berth.support.jdbc.Tx;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;

/** Creates, edits, renames and deletes image aliases, each with its lifecycle event in the same transaction. */
@ApplicationScoped
public class AliasRegistry {
    private static final String NOT_FOUND = "Image alias not found";

    @Inject
    Tx tx;
    @Inject
    AliasRepository aliases;
    @Inject
    ImageCatalog catalog;
    @Inject
    OutboxStore outbox;
    @Inject
    LifecyclePublisher publisher;
    @Inject
    BerthConfig config;

    /** A new alias; {@code target} is a fingerprint or a unique prefix of one. */
    public ImageAlias create(String name, String target, String description) {
        requireName(name);
        if (target == null || target.isBlank()) {
            throw new InvalidRequestException("name and target are required");
        }
        String fingerprint = catalog.byFingerprint(target).fingerprint();
        ImageAlias alias = new ImageAlias(name, fingerprint, description == null ? "" : description);
        commit(events -> {
            if (!aliases.insert(events.connection(), alias)) {
                throw new ImageConflictException("Alias \"" + name + "\" already exists");
            }
            events.alias("image-alias-created", name, Map.of("target", fingerprint));
        });
        return alias;
    }

    /**
     * Points the alias at a new target and description; {@code edit} gets the current alias and returns the new one
     * (PUT replaces, PATCH merges), its target may be a prefix. {@code ifMatch} guards against lost updates.
     */
    public void update(String name, java.util.function.UnaryOperator<ImageAlias> edit, Optional<String> ifMatch) {
        commit(events -> {
            ImageAlias current = aliases.lock(events.connection(), name)
                    .orElseThrow(() -> new ImageNotFoundException(NOT_FOUND));
            ETags.check(ifMatch, ETags.of(current));
            ImageAlias requested = edit.apply(current);
            if (requested.target() == null || requested.target().isBlank()) {
                throw new InvalidRequestException("The target field is required");
            }
            String fingerprint = catalog.byFingerprint(requested.target()).fingerprint();
            aliases.update(events.connection(), new ImageAlias(name, fingerprint, requested.description()));
            events.alias("image-alias-updated", name, Map.of("target", fingerprint));
        });
    }

    public void rename(String name, String newName) {
        requireName(newName);
        commit(events -> {
            aliases.lock(events.connection(), name).orElseThrow(() -> new ImageNotFoundException(NOT_FOUND));
            if (!aliases.rename(events.connection(), name, newName)) {
                throw new ImageConflictException("Alias \"" + newName + "\" already exists");
            }
            events.alias("image-alias-renamed", newName, Map.of("old_name", name));
        });
    }

    public void delete(String name) {
        commit(events -> {
            if (!aliases.delete(events.connection(), name)) {
                throw new ImageNotFoundException(NOT_FOUND);
            }
            events.alias("image-alias-deleted", name, Map.of());
        });
    }

    /** LXD only forbids empty names; {@code debian/12} is fine. Control characters are not. */
    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name and target are required");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("Alias names may not contain control characters");
        }
    }

    /** Work done with the events of one transaction. */
    @FunctionalInterface
    private interface Change {
        void apply(ImageEvents events) throws java.sql.SQLException;
    }

    private void commit(Change change) {
        List<OutboxRow> rows = tx.run(c -> {
            ImageEvents events = new ImageEvents(c, outbox, config.image().lifecycleTopic(), null);
            change.apply(events);
            return events.rows();
        });
        publisher.publish(rows);
    }
}
