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

    /** What to pull: {@code fingerprint} (a prefix is enough) wins over {@code alias}, as in LXD. */
    public record Pull(String server, String protocol, String alias, String fingerprint) {
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

    public Image pull(Pull pull) throws IOException {
        String server = required(pull.server(), "server");
        if (pull.protocol() != null && !pull.protocol().isBlank() && !PROTOCOL.equals(pull.protocol())) {
            throw new InvalidRequestException("Unsupported image server protocol \"" + pull.protocol() + "\"");
        }
        boolean byFingerprint = pull.fingerprint() != null && !pull.fingerprint().isBlank();
        RemoteImages remote = client.images(server);
        RemoteImage image = byFingerprint
                ? remote.byFingerprint(pull.fingerprint(), server)
                : remote.byAlias(required(pull.alias(), "alias or fingerprint"), server);
        if (!catalog.exists(image.fingerprint())) {
            fetch(server, image);
            tx.run(c -> {
                sources.insert(c, new ImageSource(image.fingerprint(), server, PROTOCOL,
                        byFingerprint ? "" : pull.alias(), "", Image.TYPE_CONTAINER));
                return null;
            });
        }
        return catalog.byFingerprint(image.fingerprint());
    }

    private void fetch(String server, RemoteImage image) throws IOException {
        long t0 = System.nanoTime();
        UploadRequest request = new UploadRequest(image.filename(), false, Map.of(), List.of(), image.fingerprint(),
                null);
        List<InputStream> opened = new ArrayList<>();
        try {
            if (image.root().isEmpty()) {
                importer.importUnified(open(server, image.meta(), opened), request);
            } else {
                String[] names = {"metadata", "rootfs"};
                List<Item> items = List.of(image.meta(), image.root().get());
                int[] next = {0};
                importer.importSplit(() -> {
                    int i = next[0]++;
                    return i < items.size()
                            ? new UploadPart(names[i], i == 0 ? image.filename() : null,
                                    open(server, items.get(i), opened))
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

    private InputStream open(String server, Item item, List<InputStream> opened) {
        InputStream in = new VerifyingInputStream(client.open(server, item.path()), server + "/" + item.path(),
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
