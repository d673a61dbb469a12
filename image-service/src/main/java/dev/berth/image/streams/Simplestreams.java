package dev.berth.image.streams;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The simplestreams documents as Incus' {@code shared/simplestreams} reads and {@code incus-simplestreams} writes
 * them: {@code streams/v1/index.json} ({@link Index}) and the products file it points at ({@link Products}).
 */
public final class Simplestreams {
    public static final String INDEX_PATH = "streams/v1/index.json";
    public static final String PRODUCTS_PATH = "streams/v1/images.json";
    public static final String DATATYPE = "image-downloads";

    /** Unified tarball, for Incus and for LXD; its sha256 is the fingerprint. */
    public static final String INCUS_COMBINED = "incus_combined.tar.gz";
    public static final String LXD_COMBINED = "lxd_combined.tar.gz";
    /** Metadata tarball of a split image, for Incus and for LXD. */
    public static final String INCUS_META = "incus.tar.xz";
    public static final String LXD_META = "lxd.tar.xz";
    /** Rootfs of a split image. */
    public static final String SQUASHFS = "squashfs";
    public static final String ROOT_TAR_XZ = "root.tar.xz";

    private Simplestreams() {
    }

    /** {@code streams/v1/index.json}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Index(Map<String, IndexEntry> index, String format) {
    }

    /** One entry of the index: where a products file is and which products it holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IndexEntry(String datatype, String path, String format, List<String> products) {
    }

    /** A products file ({@code streams/v1/images.json}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Products(@JsonProperty("content_id") String contentId, String datatype, String format,
            Map<String, Product> products) {
    }

    /** One product: an os/release/arch/variant line of images, with comma-separated aliases. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Product(@JsonInclude(JsonInclude.Include.ALWAYS) String aliases,
            @JsonInclude(JsonInclude.Include.ALWAYS) String arch,
            @JsonInclude(JsonInclude.Include.ALWAYS) String os,
            @JsonInclude(JsonInclude.Include.ALWAYS) String release,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("release_title") String releaseTitle,
            String variant, @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Version> versions) {
    }

    /** One version (serial {@code YYYYMMDDhhmm}) of a product: its files. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(Map<String, Item> items) {
    }

    /** One file of a version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Item(@JsonInclude(JsonInclude.Include.ALWAYS) String ftype,
            @JsonInclude(JsonInclude.Include.ALWAYS) String path, String sha256,
            @JsonInclude(JsonInclude.Include.ALWAYS) long size,
            @JsonProperty("combined_sha256") String combinedSha256,
            @JsonProperty("combined_rootxz_sha256") String combinedRootxzSha256,
            @JsonProperty("combined_squashfs_sha256") String combinedSquashfsSha256) {

        static Item file(String ftype, String path, String sha256, long size) {
            return new Item(ftype, path, sha256, size, null, null, null);
        }

        /** The fingerprint a metadata item gives the split image made with a rootfs of type {@code rootType}. */
        String combinedFor(String rootType) {
            if (SQUASHFS.equals(rootType)) {
                return combinedSquashfsSha256;
            }
            return combinedRootxzSha256 != null && !combinedRootxzSha256.isEmpty()
                    ? combinedRootxzSha256
                    : combinedSha256;
        }
    }
}
