package dev.berth.image.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.FilesystemBlobStore;

/** Chooses the blob store implementation; the filesystem one under {@code $BERTH_STATE_DIR/images} for now. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(BerthConfig config) {
        return new FilesystemBlobStore(config.stateDir().resolve("images"));
    }
}
