package dev.berth.executor.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
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

/** Downloads an image tarball to a file and checks that its sha256 is the fingerprint. */
public final class ImageDownloader {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Downloads {@code url} into {@code target}; throws (and deletes the file) when the digest differs. */
    public void download(String url, String fingerprint, Path target) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ImageException("image download from " + url + " failed: HTTP " + response.statusCode());
                }
                String actual = copyHashing(body, target);
                verify(fingerprint, actual);
            }
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

    static void verify(String fingerprint, String actual) {
        if (fingerprint == null || !fingerprint.toLowerCase(Locale.ROOT).equals(actual)) {
            throw new ImageException(
                    "image sha256 mismatch: expected " + fingerprint + " but the download is " + actual);
        }
    }

    /** Copies {@code in} to {@code target} and returns the lowercase hex sha256 of what was copied. */
    static String copyHashing(InputStream in, Path target) throws IOException {
        MessageDigest sha256 = sha256();
        try (DigestInputStream digesting = new DigestInputStream(in, sha256);
                OutputStream out = Files.newOutputStream(target)) {
            digesting.transferTo(out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    public static String sha256Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha256 = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: the temp dir is cleaned by the caller too
        }
    }
}
