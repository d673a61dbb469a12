package dev.berth.image.streams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.berth.image.domain.AmbiguousFingerprintException;
import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.streams.Simplestreams.Item;
import dev.berth.image.streams.Simplestreams.Product;
import dev.berth.image.streams.Simplestreams.Products;
import dev.berth.image.streams.Simplestreams.Version;

/** The container images of a products file, and the look-ups Incus' simplestreams client does on them. */
public final class RemoteImages {
    private static final Set<String> COMBINED = Set.of(Simplestreams.INCUS_COMBINED, Simplestreams.LXD_COMBINED);
    private static final Set<String> META = Set.of(Simplestreams.INCUS_META, Simplestreams.LXD_META);
    private static final Set<String> ROOTS = Set.of(Simplestreams.SQUASHFS, Simplestreams.ROOT_TAR_XZ);

    private final List<RemoteImage> images;

    private RemoteImages(List<RemoteImage> images) {
        this.images = List.copyOf(images);
    }

    public static RemoteImages of(List<Products> files) {
        List<RemoteImage> images = new ArrayList<>();
        for (Products products : files) {
            products.products().values().forEach(product -> product.versions()
                    .forEach((serial, version) -> add(images, product, serial, version)));
        }
        return new RemoteImages(images);
    }

    public List<RemoteImage> all() {
        return images;
    }

    /** The newest image with this alias, preferring this host's architecture. */
    public RemoteImage byAlias(String alias, String server) {
        String local = normalised(System.getProperty("os.arch"));
        return images.stream().filter(i -> i.answersTo(alias))
                .max(Comparator.comparing((RemoteImage i) -> normalised(i.architecture()).equals(local))
                        .thenComparing(RemoteImage::serial))
                .orElseThrow(() -> new ImageNotFoundException(
                        "Image alias \"" + alias + "\" not found on image server " + server));
    }

    /**
     * What LXD's server makes of a {@code source.fingerprint} for a simplestreams server: an alias first (the stock
     * clients send an alias there for {@code image copy}), then a fingerprint prefix.
     */
    public RemoteImage byAliasOrFingerprint(String name, String server) {
        boolean aliased = images.stream().anyMatch(i -> i.answersTo(name));
        return aliased ? byAlias(name, server) : byFingerprint(name, server);
    }

    /** The one image whose fingerprint starts with {@code prefix}. */
    public RemoteImage byFingerprint(String prefix, String server) {
        String p = prefix.toLowerCase(Locale.ROOT);
        List<RemoteImage> found = images.stream().filter(i -> i.fingerprint().startsWith(p)).toList();
        if (found.isEmpty()) {
            throw new ImageNotFoundException("Image \"" + prefix + "\" not found on image server " + server);
        }
        if (found.size() > 1) {
            throw new AmbiguousFingerprintException(p);
        }
        return found.get(0);
    }

    private static void add(List<RemoteImage> out, Product product, String serial, Version version) {
        if (serial.length() < 8 || version.items() == null) {
            return;
        }
        List<String> aliases = product.aliases() == null || product.aliases().isBlank()
                ? List.of()
                : Arrays.stream(product.aliases().split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        Map<String, Item> items = version.items();
        // Incus and LXD items describe the same files: keep the first image per fingerprint.
        for (Item item : items.values()) {
            if (COMBINED.contains(item.ftype()) && present(item.sha256())) {
                addOnce(out, new RemoteImage(item.sha256().toLowerCase(Locale.ROOT), aliases, product.arch(), serial,
                        item, Optional.empty()));
            } else if (META.contains(item.ftype())) {
                for (Item root : items.values()) {
                    String fingerprint = item.combinedFor(root.ftype());
                    if (ROOTS.contains(root.ftype()) && present(fingerprint)) {
                        addOnce(out,
                                new RemoteImage(fingerprint.toLowerCase(Locale.ROOT), aliases, product.arch(), serial,
                                        item,
                                        Optional.of(root)));
                    }
                }
            }
        }
    }

    private static void addOnce(List<RemoteImage> out, RemoteImage image) {
        if (image.meta().path() != null && out.stream().noneMatch(i -> i.fingerprint().equals(image.fingerprint()))) {
            out.add(image);
        }
    }

    private static boolean present(String s) {
        return s != null && s.matches("[0-9a-fA-F]{64}");
    }

    /** Incus and Debian names of the same architecture compare equal. */
    static String normalised(String arch) {
        if (arch == null) {
            return "";
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch;
        };
    }
}
