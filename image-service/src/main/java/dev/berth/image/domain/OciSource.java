package dev.berth.image.domain;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/**
 * The one image in an OCI layout or docker-archive tarball, read from its manifest and image config without
 * unpacking anything: what the fingerprint is computed from, the image's name and its config.
 *
 * @param layerDigests as {@code skopeo inspect} lists them ("sha256:..."): the manifest's (compressed) layer digests
 *        for an OCI layout, the uncompressed diff_ids for a docker-archive
 * @param configDigest sha256 of the image config's bytes
 * @param name the tag (OCI {@code org.opencontainers.image.ref.name}, docker {@code RepoTags[0]}); null if none
 * @param config the OCI image config ({@code architecture}, {@code os}, {@code created}, {@code config})
 */
public record OciSource(List<String> layerDigests, String configDigest, String name, JsonNode config) {
    /** Manifests, configs and index files are small; bigger entries are layers and are not read. */
    private static final long MAX_JSON = 1 << 20;
    private static final long MAX_JSON_TOTAL = 64L << 20;
    private static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    public OciSource {
        layerDigests = List.copyOf(layerDigests);
    }

    /** Reads an uncompressed OCI layout tar ({@code docker=false}) or docker-archive tar. */
    public static OciSource read(Path tar, boolean docker) throws IOException {
        Map<String, byte[]> files = smallFiles(tar);
        return docker ? docker(files) : oci(files);
    }

    /** Berth's fingerprint of this image: see {@link OciFingerprint}. */
    public String fingerprint() {
        return OciFingerprint.of(layerDigests, configDigest);
    }

    /** The image config's {@code created} in unix seconds; 0 when absent or unparsable. */
    public long createdEpochSeconds() {
        try {
            return OffsetDateTime.parse(config.path("created").asText("")).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static OciSource oci(Map<String, byte[]> files) throws IOException {
        JsonNode index = json(files, "index.json", "index.json");
        JsonNode entry = single(index.path("manifests"), "index.json");
        String name = entry.path("annotations").path(REF_NAME).asText(null);
        JsonNode manifest = json(files, blob(entry), "the manifest");
        if (INDEX_MEDIA_TYPE.equals(entry.path("mediaType").asText()) || manifest.has("manifests")) {
            entry = single(manifest.path("manifests"), "the nested image index");
            name = entry.path("annotations").path(REF_NAME).asText(name);
            manifest = json(files, blob(entry), "the manifest");
        }
        JsonNode configRef = manifest.path("config");
        JsonNode config = json(files, blob(configRef), "the image config");
        List<String> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(digest(layer));
        }
        return new OciSource(layers, digest(configRef), name, config);
    }

    private static OciSource docker(Map<String, byte[]> files) throws IOException {
        JsonNode image = single(json(files, "manifest.json", "manifest.json"), "manifest.json");
        String configName = image.path("Config").asText();
        byte[] configBytes = files.get(normalise(configName));
        if (configBytes == null) {
            throw invalid("the image config " + configName + " named by manifest.json is missing");
        }
        JsonNode config = parse(configBytes, configName);
        List<String> layers = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> layers.add(d.asText()));
        if (layers.size() != image.path("Layers").size()) {
            throw invalid("manifest.json lists " + image.path("Layers").size() + " layers but the image config has "
                    + layers.size() + " diff_ids");
        }
        String name = image.path("RepoTags").path(0).asText(null);
        return new OciSource(layers, "sha256:" + Fingerprints.hex(sha256(configBytes)), name, config);
    }

    private static JsonNode single(JsonNode list, String where) {
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(where + " lists no image");
        }
        if (list.size() > 1) {
            throw invalid(where + " lists " + list.size() + " images; import one image per archive");
        }
        return list.get(0);
    }

    private static String digest(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText("");
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw invalid("unsupported or missing digest \"" + digest + "\" (only sha256 is supported)");
        }
        return digest;
    }

    private static String blob(JsonNode descriptor) {
        return "blobs/sha256/" + digest(descriptor).substring("sha256:".length());
    }

    private static JsonNode json(Map<String, byte[]> files, String path, String what) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw invalid(what + " (" + path + ") is missing or larger than " + MAX_JSON + " bytes");
        }
        return parse(bytes, what);
    }

    private static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw invalid(what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw invalid(what + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Every regular file of at most {@link #MAX_JSON} bytes, by normalised path. */
    private static Map<String, byte[]> smallFiles(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = archive.getNextEntry()) != null;) {
                if (e.isFile() && !e.isLink() && e.getSize() <= MAX_JSON && total + e.getSize() <= MAX_JSON_TOTAL) {
                    total += e.getSize();
                    files.put(normalise(e.getName()), archive.readAllBytes());
                }
            }
        }
        return files;
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        return n;
    }

    private static byte[] sha256(byte[] bytes) {
        MessageDigest sha256 = Fingerprints.sha256();
        return sha256.digest(bytes);
    }

    private static InvalidRequestException invalid(String why) {
        return new InvalidRequestException("Invalid OCI image: " + why);
    }
}
