package dev.berth.image.service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.Fingerprints;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageConflictException;
import dev.berth.image.domain.ImageMetadata;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.domain.OciSource;
import dev.berth.image.repository.BlobStore;
import dev.berth.image.repository.BlobStore.Staged;
import dev.berth.image.service.ImageImporter.Imported;
import dev.berth.imageformat.Compression;
import dev.berth.imageformat.ImageFormatException;
import dev.berth.imageformat.ImageScanner;
import dev.berth.imageformat.ScanResult;
import dev.berth.imageformat.UnpackLimits;

/**
 * Turns an uploaded OCI layout or docker-archive into an application image, as Incus does for OCI registries: skopeo
 * normalises it to an OCI layout, umoci applies the layers and writes the runtime {@code config.json} (entrypoint +
 * cmd, env, working dir, user), and Berth stores a unified image ({@code metadata.yaml}, {@code config.json},
 * {@code rootfs/}) that the executor unpacks as it is and runs under tini. All the work happens in a scratch
 * directory of the blob store, which is removed whatever happens.
 */
@ApplicationScoped
public class OciImporter {
    private static final Logger LOG = Logger.getLogger(OciImporter.class);

    @Inject
    BlobStore blobs;
    @Inject
    ImageRegistry registry;
    @Inject
    ImageCatalog catalog;
    @Inject
    BerthConfig config;

    Clock clock = Clock.systemUTC();

    /** Imports the archive at {@code upload} (as uploaded: possibly compressed). */
    Imported importArchive(Path upload, Compression compression, boolean docker, UploadRequest request,
            UnpackLimits limits) throws IOException {
        long t0 = System.nanoTime();
        Path work = blobs.scratch().toAbsolutePath(); // the tools run in it: every path they get is absolute
        try {
            Path archive = plain(upload.toAbsolutePath(), compression, work);
            OciSource source = OciSource.read(archive, docker);
            String fingerprint = source.fingerprint();
            requireExpected(fingerprint, request);
            if (catalog.exists(fingerprint)) {
                throw new ImageConflictException("Image with same fingerprint already exists: " + fingerprint);
            }
            OciTools tools = new OciTools(config.image().oci(), work);
            Path layout = work.resolve("oci");
            Path image = Files.createDirectory(work.resolve("image"));
            tools.copyToLayout(archive, docker, layout);
            tools.unpack(layout, image.resolve("rootfs"), image.resolve("config.json"));
            withoutTerminal(image.resolve("config.json"));
            ImageMetadata metadata = metadata(source, image.resolve("rootfs"), request);
            Files.writeString(image.resolve("metadata.yaml"), metadata.toYaml());
            Imported imported = store(image, tools, fingerprint, metadata, request, limits);
            LOG.infof("OCI image %s (%s) imported from a %s in %d ms", fingerprint, source.name(),
                    docker ? "docker-archive" : "OCI layout", (System.nanoTime() - t0) / 1_000_000);
            return imported;
        } catch (ImageFormatException e) {
            throw new InvalidRequestException("Invalid OCI image: " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    private Imported store(Path image, OciTools tools, String fingerprint, ImageMetadata metadata,
            UploadRequest request, UnpackLimits limits) throws IOException {
        try (Staged staged = blobs.stage()) {
            tools.pack(image, List.of("metadata.yaml", "config.json", "rootfs"), staged.path());
            // The image-format checks apply to what Berth stores, whatever the tools made of the archive.
            MessageDigest sha256 = Fingerprints.sha256();
            // The digest sits below the buffer: the scanner's mark/reset must not hash the peeked bytes twice.
            try (InputStream in = new BufferedInputStream(
                    new DigestInputStream(Files.newInputStream(staged.path()), sha256), 1 << 16)) {
                ScanResult scan = new ImageScanner(limits).scanUnified(in);
                in.transferTo(OutputStream.nullOutputStream());
                requireType(scan);
            }
            String contentSha256 = Fingerprints.hex(sha256.digest());
            long size = staged.size();
            Map<String, String> properties = new LinkedHashMap<>(metadata.properties());
            properties.putAll(request.properties());
            Image record = new Image(fingerprint, request.filename() == null ? "" : request.filename(), size,
                    metadata.architecture(), Image.TYPE_CONTAINER, properties, request.isPublic(), false,
                    Instant.ofEpochSecond(metadata.creationDate()), clock.instant(), null, null, false);
            registry.register(record, contentSha256, request.aliases(), request.operationId(),
                    () -> blobs.commit(staged, record.blobName()));
            return new Imported(fingerprint, size);
        }
    }

    private static void requireType(ScanResult scan) throws ImageFormatException {
        if (!"oci".equals(scan.metadata().properties().get("type"))) {
            throw new ImageFormatException("the converted image lost its metadata");
        }
    }

    /** skopeo reads only uncompressed archives ({@code docker save | gzip} fails), so compression is peeled first. */
    private static Path plain(Path upload, Compression compression, Path work) throws IOException {
        if (compression == Compression.NONE) {
            return upload;
        }
        Path tar = work.resolve("source.tar");
        try (InputStream in = compression.open(new BufferedInputStream(Files.newInputStream(upload), 1 << 16))) {
            Files.copy(in, tar);
        }
        return tar;
    }

    private static void requireExpected(String fingerprint, UploadRequest request) {
        String expected = request.expectedFingerprint();
        if (expected != null && !expected.isBlank() && !expected.trim().equalsIgnoreCase(fingerprint)) {
            throw new InvalidRequestException(
                    "Fingerprints don't match, got " + fingerprint + " expected " + expected.trim());
        }
    }

    /** umoci asks for a terminal; an application container has none (runc would want a console socket). */
    private static void withoutTerminal(Path runtimeConfig) throws IOException {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(runtimeConfig.toFile());
        if (!(root.path("process") instanceof ObjectNode process)) {
            throw new InvalidRequestException("Invalid OCI image: umoci wrote no process to config.json");
        }
        process.put("terminal", false);
        Files.write(runtimeConfig, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private ImageMetadata metadata(OciSource source, Path rootfs, UploadRequest request) throws IOException {
        String arch = Architectures.lxd(source.config().path("architecture").asText("amd64"));
        long created = source.createdEpochSeconds() > 0
                ? source.createdEpochSeconds()
                : clock.instant().getEpochSecond();
        String name = source.name() != null
                ? source.name()
                : request.filename() != null && !request.filename().isBlank() ? request.filename() : "image";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("type", "oci");
        properties.put("architecture", arch);
        properties.put("description", name + " (OCI)");
        properties.putAll(OsRelease.read(rootfs));
        return new ImageMetadata(arch, created, properties);
    }

    /** Deletes a tree without following symlinks (a rootfs is full of them). */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", root, e.toString());
        }
    }
}
