package dev.berth.executor.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import dev.berth.executor.config.InternalAuth;

/**
 * Downloads an image's files and checks that their sha256 is the fingerprint: of the unified tarball, or of the
 * metadata tarball followed by the rootfs for a split image. A split image's rootfs URL comes from the spec, or from
 * image-service's {@code X-Berth-Rootfs-Url} answer header when the caller only knows the fingerprint. An image
 * imported from OCI is fingerprinted from its layer digests, not its files: image-service then names the files'
 * sha256 in {@code X-Berth-Sha256}, and that is what they are checked against.
 */
public final class ImageDownloader {
    public static final String ROOTFS_HEADER = "X-Berth-Rootfs-Url";
    public static final String SHA256_HEADER = "X-Berth-Sha256";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();

    private final InternalAuth auth;

    /** A downloader that sends no credentials. */
    public ImageDownloader() {
        this(InternalAuth.NONE);
    }

    /** A downloader that sends the internal token to image-service's URLs, and to nothing else. */
    public ImageDownloader(InternalAuth auth) {
        this.auth = auth;
    }

    /** The downloaded files; {@code rootfs} is empty for a unified image. */
    public record Downloaded(Path image, Optional<Path> rootfs) {
    }

    /**
     * Downloads {@code url} (and the rootfs, for a split image) into {@code dir} and verifies the fingerprint; throws
     * and deletes what it wrote when the digest differs.
     */
    public Downloaded download(String fingerprint, String url, String rootfsUrl, Path dir) {
        Path image = dir.resolve("image");
        Path rootfs = dir.resolve("rootfs.image");
        try {
            MessageDigest sha256 = sha256();
            HttpHeaders headers = fetch(url, image, sha256);
            Optional<String> advertised = headers.firstValue(ROOTFS_HEADER);
            String rootfsSource = rootfsUrl != null && !rootfsUrl.isBlank()
                    ? rootfsUrl
                    : advertised.map(a -> URI.create(url).resolve(a).toString()).orElse(null);
            if (rootfsSource != null) {
                fetch(rootfsSource, rootfs, sha256);
            }
            verify(expectedSha256(fingerprint, headers), HexFormat.of().formatHex(sha256.digest()));
            return new Downloaded(image, rootfsSource == null ? Optional.empty() : Optional.of(rootfs));
        } catch (IOException e) {
            deleteQuietly(image, rootfs);
            throw new ImageException("image download from " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(image, rootfs);
            throw new ImageException("image download from " + url + " interrupted", e);
        } catch (RuntimeException e) {
            deleteQuietly(image, rootfs);
            throw e;
        }
    }

    /** Downloads one unified tarball to {@code target} and verifies it. */
    public void download(String url, String fingerprint, Path target) {
        try {
            MessageDigest sha256 = sha256();
            HttpHeaders headers = fetch(url, target, sha256);
            verify(expectedSha256(fingerprint, headers), HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            deleteQuietly(target);
            throw new ImageException("image download from " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(target);
            throw new ImageException("image download from " + url + " interrupted", e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /** Streams {@code url} into {@code target} through {@code sha256}; returns the answer's headers. */
    private HttpHeaders fetch(String url, Path target, MessageDigest sha256)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET();
        String authorization = auth.headerFor(url);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new ImageException("image download from " + url + " failed: HTTP " + response.statusCode());
            }
            try (DigestInputStream digesting = new DigestInputStream(body, sha256);
                    OutputStream out = Files.newOutputStream(target)) {
                digesting.transferTo(out);
            }
        }
        return response.headers();
    }

    /** The sha256 the files must have: the fingerprint, unless image-service names another (OCI imports). */
    static String expectedSha256(String fingerprint, HttpHeaders headers) {
        return headers.firstValue(SHA256_HEADER).filter(h -> h.matches("[0-9a-f]{64}")).orElse(fingerprint);
    }

    static void verify(String fingerprint, String actual) {
        if (fingerprint == null || !fingerprint.toLowerCase(Locale.ROOT).equals(actual)) {
            throw new ImageException(
                    "image sha256 mismatch: expected " + fingerprint + " but the download is " + actual);
        }
    }

    public static String sha256Hex(Path... files) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    sha256.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path... files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // best effort: the temp dir is cleaned by the caller too
            }
        }
    }
}
