package dev.berth.image.streams;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.domain.AliasedImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageAlias;
import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.ImageCatalog;
import dev.berth.image.streams.BlobFacts.Kind;
import dev.berth.image.streams.Simplestreams.Index;
import dev.berth.image.streams.Simplestreams.IndexEntry;
import dev.berth.image.streams.Simplestreams.Item;
import dev.berth.image.streams.Simplestreams.Product;
import dev.berth.image.streams.Simplestreams.Products;
import dev.berth.image.streams.Simplestreams.Version;

/**
 * Describes the public images as a simplestreams server, one product per image (so each alias names exactly one
 * image): a unified image is an {@code incus_combined.tar.gz} item (and its {@code lxd_combined.tar.gz} twin) whose
 * sha256 is the fingerprint; a split one is an {@code incus.tar.xz}/{@code lxd.tar.xz} metadata item carrying the
 * combined sha256 plus a {@code squashfs} or {@code root.tar.xz} rootfs item. Files live under
 * {@code images/<fingerprint>/}.
 */
@ApplicationScoped
public class StreamsPublisher {
    /** Incus reads the first 8 characters of a version name as its creation date. */
    private static final DateTimeFormatter SERIAL = DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    /** A file a product item points at: which blob of which image. */
    public record File(Image image, BlobInfo blob) {
    }

    @Inject
    ImageCatalog catalog;
    @Inject
    BlobFacts facts;

    public Products products() throws IOException {
        Map<String, Product> products = new TreeMap<>();
        for (AliasedImage entry : publicImages()) {
            Product product = product(entry);
            String key = String.join(":", product.os(), product.release(), product.arch(), product.variant());
            products.put(products.containsKey(key) ? key + ":" + entry.image().fingerprint().substring(0, 12) : key,
                    product);
        }
        return new Products("images", Simplestreams.DATATYPE, "products:1.0", products);
    }

    public Index index() throws IOException {
        List<String> names = List.copyOf(products().products().keySet());
        return new Index(Map.of("images", new IndexEntry(Simplestreams.DATATYPE, Simplestreams.PRODUCTS_PATH,
                "products:1.0", names)), "index:1.0");
    }

    /** The blob a public image's item path names; empty when no public image has that file. */
    public Optional<File> file(String fingerprint, String name) throws IOException {
        Optional<AliasedImage> found = publicImages().stream()
                .filter(e -> e.image().fingerprint().equals(fingerprint)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Image image = found.get().image();
        BlobInfo meta = catalog.blob(image);
        if (name.equals(metaName(image, meta))) {
            return Optional.of(new File(image, meta));
        }
        if (image.split()) {
            BlobInfo rootfs = catalog.rootfsBlob(image);
            if (name.equals(image.fingerprint() + facts.kind(rootfs).extension())) {
                return Optional.of(new File(image, rootfs));
            }
        }
        return Optional.empty();
    }

    private List<AliasedImage> publicImages() {
        return catalog.list().stream().filter(e -> e.image().isPublic()).toList();
    }

    private Product product(AliasedImage entry) throws IOException {
        Image image = entry.image();
        Map<String, String> p = image.properties();
        String os = nonBlank(p.get("os"), "unknown");
        String release = nonBlank(p.get("release"), "unknown");
        String arch = nonBlank(p.get("architecture"), image.architecture());
        String variant = nonBlank(p.get("variant"), "default");
        String aliases = entry.aliases().stream().map(ImageAlias::name).sorted().collect(Collectors.joining(","));
        Version version = new Version(image.split() ? splitItems(image) : unifiedItems(image));
        return new Product(aliases, arch, os, release, release, variant,
                Map.of(SERIAL.format(image.createdAt()), version));
    }

    private Map<String, Item> unifiedItems(Image image) throws IOException {
        BlobInfo blob = catalog.blob(image);
        String path = path(image, metaName(image, blob));
        String sha256 = catalog.contentSha256(image);
        Map<String, Item> items = new LinkedHashMap<>();
        items.put(Simplestreams.INCUS_COMBINED, Item.file(Simplestreams.INCUS_COMBINED, path, sha256, blob.size()));
        items.put(Simplestreams.LXD_COMBINED, Item.file(Simplestreams.LXD_COMBINED, path, sha256, blob.size()));
        return items;
    }

    private Map<String, Item> splitItems(Image image) throws IOException {
        BlobInfo meta = catalog.blob(image);
        BlobInfo rootfs = catalog.rootfsBlob(image);
        Kind root = facts.kind(rootfs);
        String rootType = root.squashfs() ? Simplestreams.SQUASHFS : Simplestreams.ROOT_TAR_XZ;
        String combined = catalog.contentSha256(image); // sha256(meta || rootfs); the fingerprint except for OCI
        Map<String, Item> items = new LinkedHashMap<>();
        for (String ftype : List.of(Simplestreams.INCUS_META, Simplestreams.LXD_META)) {
            items.put(ftype, new Item(ftype, path(image, metaName(image, meta)), facts.sha256(meta), meta.size(),
                    root.squashfs() ? null : combined, root.squashfs() ? null : combined,
                    root.squashfs() ? combined : null));
        }
        items.put(root.squashfs() ? "root.squashfs" : Simplestreams.ROOT_TAR_XZ, Item.file(rootType,
                path(image, image.fingerprint() + root.extension()), facts.sha256(rootfs), rootfs.size()));
        return items;
    }

    /** LXD's export names: {@code <fp><ext>} for a unified image, {@code meta-<fp><ext>} for split metadata. */
    private String metaName(Image image, BlobInfo meta) throws IOException {
        String extension = facts.kind(meta).extension();
        return (image.split() ? "meta-" : "") + image.fingerprint() + extension;
    }

    private static String path(Image image, String name) {
        return "images/" + image.fingerprint() + "/" + name;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
