package dev.berth.imageformat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds OCI image layouts and docker-archives in memory, as skopeo and {@code docker save} write them (oci-recipe.md
 * §2.3): layer 1 holds the host's static busybox and an entrypoint script, layer 2 whites out a file of layer 1.
 */
public final class OciArchives {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static final String ENTRY_SCRIPT = """
            #!/bin/sh
            echo "args: $*"
            echo "uid=$(id -u) gid=$(id -g) cwd=$(pwd) GREETING=$GREETING"
            """;

    /** The image config's {@code config} part: what a Dockerfile's ENTRYPOINT, CMD, ENV, WORKDIR and USER set. */
    public record Settings(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
            String user) {
        public static Settings defaults() {
            return new Settings(List.of("/app/entry.sh"), List.of("hello", "world"), List.of("PATH=/bin",
                    "GREETING=hi"), "/app", "1000:1000");
        }
    }

    private final List<byte[]> layers = new ArrayList<>();
    private final Settings settings;
    private final String script;

    public OciArchives(Settings settings, String script) throws IOException {
        this.settings = settings;
        this.script = script;
        layers.add(baseLayer());
        layers.add(whiteoutLayer());
    }

    public OciArchives() throws IOException {
        this(Settings.defaults(), ENTRY_SCRIPT);
    }

    /** The uncompressed layer tars, in order. */
    public List<byte[]> layers() {
        return layers;
    }

    /** The image config JSON. */
    public byte[] config() {
        ObjectNode root = MAPPER.createObjectNode().put("created", "2023-11-14T22:13:20Z")
                .put("architecture", "amd64").put("os", "linux");
        ObjectNode config = root.putObject("config");
        strings(config.putArray("Entrypoint"), settings.entrypoint());
        strings(config.putArray("Cmd"), settings.cmd());
        strings(config.putArray("Env"), settings.env());
        config.put("WorkingDir", settings.workingDir()).put("User", settings.user()).put("StopSignal", "SIGTERM");
        ObjectNode rootfs = root.putObject("rootfs").put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add("sha256:" + sha256(l)));
        return bytes(root);
    }

    /** An OCI image layout as a tar (an "oci-archive"), layers gzip'd; blobs come before index.json as skopeo writes. */
    public Layout ociLayout(String tag) throws IOException {
        Map<String, byte[]> blobs = new java.util.LinkedHashMap<>();
        byte[] config = config();
        blobs.put(sha256(config), config);
        ObjectNode manifest = MAPPER.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", config));
        ArrayNode layerList = manifest.putArray("layers");
        List<String> layerDigests = new ArrayList<>();
        for (byte[] layer : layers) {
            byte[] gz = gzip(layer);
            blobs.put(sha256(gz), gz);
            layerList.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", gz));
            layerDigests.add("sha256:" + sha256(gz));
        }
        byte[] manifestBytes = bytes(manifest);
        blobs.put(sha256(manifestBytes), manifestBytes);
        ObjectNode index = MAPPER.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        entry.putObject("platform").put("architecture", "amd64").put("os", "linux");
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        index.putArray("manifests").add(entry);

        Tar tar = new Tar();
        tar.dir("blobs", 0755, 0).dir("blobs/sha256", 0755, 0);
        blobs.forEach((hex, bytes) -> tar.file("blobs/sha256/" + hex, 0644, 0, bytes));
        tar.file("index.json", 0644, 0, bytes(index));
        tar.file("oci-layout", 0644, 0, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        return new Layout(tar.finish(), layerDigests, "sha256:" + sha256(config));
    }

    /** {@code docker save} (≤ 24): manifest.json, the config, uncompressed layers named by diff_id. */
    public Layout dockerArchive(String repoTag) throws IOException {
        byte[] config = config();
        Tar tar = new Tar();
        ObjectNode image = MAPPER.createObjectNode().put("Config", sha256(config) + ".json");
        image.putArray("RepoTags").add(repoTag);
        ArrayNode names = image.putArray("Layers");
        List<String> diffIds = new ArrayList<>();
        for (byte[] layer : layers) {
            tar.file(sha256(layer) + ".tar", 0644, 0, layer);
            names.add(sha256(layer) + ".tar");
            diffIds.add("sha256:" + sha256(layer));
        }
        tar.file(sha256(config) + ".json", 0644, 0, config);
        ArrayNode manifest = MAPPER.createArrayNode().add(image);
        tar.file("manifest.json", 0644, 0, bytes(manifest));
        return new Layout(tar.finish(), diffIds, "sha256:" + sha256(config));
    }

    /** An archive and the digests its fingerprint is made of. */
    public record Layout(byte[] bytes, List<String> layerDigests, String configDigest) {
        /** Berth's OCI fingerprint: sha256 of the layer digest strings, then the config digest string. */
        public String fingerprint() {
            StringBuilder input = new StringBuilder();
            layerDigests.forEach(input::append);
            return sha256(input.append(configDigest).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[] baseLayer() throws IOException {
        Tar tar = new Tar();
        tar.dir("bin", 0755, 0).file("bin/busybox", 0755, 0, Files.readAllBytes(Path.of("/bin/busybox")));
        for (String applet : List.of("sh", "ls", "cat", "echo", "id", "env", "pwd", "sleep", "touch", "date")) {
            tar.symlink("bin/" + applet, "busybox");
        }
        tar.dir("etc", 0755, 0).file("etc/passwd", 0644, 0,
                "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n".getBytes(StandardCharsets.UTF_8))
                .file("etc/removed", 0644, 0, "gone in layer 2\n".getBytes(StandardCharsets.UTF_8))
                .dir("tmp", 01777, 0).dir("app", 0755, 1000)
                .file("app/entry.sh", 0755, 1000, script.getBytes(StandardCharsets.UTF_8));
        return tar.finish();
    }

    private static byte[] whiteoutLayer() throws IOException {
        return new Tar().dir("etc", 0755, 0).file("etc/.wh.removed", 0644, 0, new byte[0]).dir("data", 0755, 1000)
                .file("data/added", 0644, 1000, "layer 2\n".getBytes(StandardCharsets.UTF_8)).finish();
    }

    private static ObjectNode descriptor(String mediaType, byte[] blob) {
        return MAPPER.createObjectNode().put("mediaType", mediaType).put("digest", "sha256:" + sha256(blob))
                .put("size", blob.length);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static byte[] bytes(Object json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small tar writer: relative names, numeric owners, PAX for long names. */
    private static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");

        Tar() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar dir(String name, int mode, int owner) {
            TarArchiveEntry e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            e.setMode(0040000 | mode);
            return put(e, owner, null);
        }

        Tar file(String name, int mode, int owner, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setMode(0100000 | mode);
            e.setSize(content.length);
            return put(e, owner, content);
        }

        Tar symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(target);
            e.setMode(0120777);
            return put(e, 0, null);
        }

        private Tar put(TarArchiveEntry e, int owner, byte[] content) {
            try {
                e.setUserId(owner);
                e.setGroupId(owner);
                e.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        byte[] finish() throws IOException {
            tar.finish();
            tar.close();
            return out.toByteArray();
        }
    }
}
