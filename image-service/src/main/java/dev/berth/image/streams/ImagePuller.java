package dev.berth.image.streams;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageConflictException;
import dev.berth.image.domain.ImageSource;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.repository.ImageSourceRepository;
import dev.berth.image.service.AliasRegistry;
import dev.berth.image.service.ImageCatalog;
import dev.berth.image.service.ImageImporter;
import dev.berth.image.service.UploadPart;
import dev.berth.image.service.UploadRequest;
import dev.berth.image.streams.Simplestreams.Item;
import dev.berth.support.jdbc.Tx;

/**
 * Pulls an image from a simplestreams server into the local store, as LXD caches a remote image at instance
 * creation: finds it by alias or fingerprint prefix, streams its file(s) through the normal import (same validation,
 * per-file sha256 and the fingerprint checked), and records where it came from. An image already stored locally is
 * not fetched again.
 */
@ApplicationScoped
public class ImagePuller {
    public static final String PROTOCOL = "simplestreams";
    private static final Logger LOG = Logger.getLogger(ImagePuller.class);

    /**
     * What to pull: {@code fingerprint} (a prefix is enough) wins over {@code alias}, as in LXD; {@code certificate}
     * (PEM, may be null) is the one the server's TLS certificate must be.
     */
    public record Pull(String server, String protocol, String alias, String fingerprint, String certificate) {
    }

    /** What the local copy gets besides the bytes: LXD's {@code public} and {@code aliases} of an image copy. */
    public record Placement(boolean isPublic, List<String> aliases, String operationId) {
        public static final Placement CACHED = new Placement(false, List.of(), null);
    }

    @Inject
    StreamsClient client;
    @Inject
    ImageCatalog catalog;
    @Inject
    ImageImporter importer;
    @Inject
    ImageSourceRepository sources;
    @Inject
    Tx tx;

    @Inject
    AliasRegistry aliases;

    /** Caches the image as instance creation does: private and without aliases. */
    public Image pull(Pull pull) throws IOException {
        return pull(pull, Placement.CACHED);
    }

    /**
     * Copies the image here unless it is here already; either way the {@code placement} aliases then name it (an
     * alias taken already is a 409 and leaves a fetched image in place, as LXD does).
     */
    public Image pull(Pull pull, Placement placement) throws IOException {
        String server = required(pull.server(), "server");
        if (pull.protocol() != null && !pull.protocol().isBlank() && !PROTOCOL.equals(pull.protocol())) {
            throw new InvalidRequestException("Unsupported image server protocol \"" + pull.protocol() + "\"");
        }
        boolean byFingerprint = pull.fingerprint() != null && !pull.fingerprint().isBlank();
        StreamsClient.Connection connection = client.connect(server, pull.certificate());
        RemoteImages remote = connection.images();
        RemoteImage image = byFingerprint
                ? remote.byAliasOrFingerprint(pull.fingerprint().trim(), server)
                : remote.byAlias(required(pull.alias(), "alias or fingerprint"), server);
        if (!catalog.exists(image.fingerprint())) {
            fetch(connection, server, image, placement);
            tx.run(c -> {
                sources.insert(c, new ImageSource(image.fingerprint(), server, PROTOCOL,
                        byFingerprint ? "" : pull.alias(), "", Image.TYPE_CONTAINER));
                return null;
            });
        } else {
            for (String alias : placement.aliases()) {
                aliases.create(alias, image.fingerprint(), "");
            }
        }
        return catalog.byFingerprint(image.fingerprint());
    }

    private void fetch(StreamsClient.Connection connection, String server, RemoteImage image, Placement placement)
            throws IOException {
        long t0 = System.nanoTime();
        UploadRequest request = new UploadRequest(image.filename(), placement.isPublic(), Map.of(),
                placement.aliases(), image.fingerprint(), placement.operationId());
        List<InputStream> opened = new ArrayList<>();
        try {
            if (image.root().isEmpty()) {
                importer.importUnified(open(connection, server, image.meta(), opened), request);
            } else {
                String[] names = {"metadata", "rootfs"};
                List<Item> items = List.of(image.meta(), image.root().get());
                int[] next = {0};
                importer.importSplit(() -> {
                    int i = next[0]++;
                    return i < items.size()
                            ? new UploadPart(names[i], i == 0 ? image.filename() : null,
                                    open(connection, server, items.get(i), opened))
                            : null;
                }, request);
            }
        } catch (ImageConflictException e) {
            if (!catalog.exists(image.fingerprint())) { // a concurrent pull of the same image won the race
                throw e;
            }
        } finally {
            for (InputStream in : opened) {
                in.close();
            }
        }
        LOG.infof("image %s pulled from %s in %d ms", image.fingerprint(), server,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static InputStream open(StreamsClient.Connection connection, String server, Item item,
            List<InputStream> opened) {
        InputStream in = new VerifyingInputStream(connection.open(item.path()), server + "/" + item.path(),
                item.sha256(), item.size());
        opened.add(in);
        return in;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("Missing " + name);
        }
        return value.trim();
    }
}
