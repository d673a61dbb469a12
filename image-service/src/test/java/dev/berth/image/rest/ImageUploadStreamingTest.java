package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Proves uploads stream end to end: an image of more than 1 GiB, generated on the fly and never stored by the test,
 * goes through this JVM, whose heap the pom caps at 256 MiB ({@code argLine}).
 */
@QuarkusTest
@TestProfile(ImageUploadStreamingTest.LargeImages.class)
class ImageUploadStreamingTest {
    private static final long MIB = 1 << 20;
    private static final long CONTENT = Long.getLong("berth.test.streaming-mib", 1100) * MIB;

    /** The default test limit (8 MiB) stops decompression bombs; this test needs room for a big image. */
    public static class LargeImages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.image.max-unpacked-size", "4G");
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;
    @Inject
    Readiness readiness;

    @Test
    void shouldImportAnImageLargerThanTheHeapWhenItIsStreamed() throws Exception {
        // Given
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(256 * MIB);
        StoreProbe store = new StoreProbe(dataSource, config.stateDir().resolve("images"));
        store.resetExcept(readiness.builtinFingerprint().orElseThrow());
        ImageApi api = new ImageApi(base);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        long[] total = {0};

        // When
        long t0 = System.nanoTime();
        HttpResponse<String> response = api.upload(() -> generate(sent, total), "application/octet-stream",
                "X-Incus-filename", "big.tar");
        double seconds = (System.nanoTime() - t0) / 1e9;

        // Then
        JsonNode created = ImageApi.sync(response, 201);
        String fingerprint = HexFormat.of().formatHex(sent.digest());
        assertThat(created.path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(created.path("size").asLong()).isEqualTo(total[0]).isGreaterThan(1024 * MIB);
        System.out.printf("streamed import: %d MiB in %.1f s = %.0f MiB/s%n", total[0] / MIB, seconds,
                total[0] / MIB / seconds);
        ImageApi.sync(api.send("DELETE", "1.0/images/" + fingerprint, null), 200);
        assertThat(store.files()).doesNotContain(fingerprint);
    }

    /** A plain tar (metadata.yaml, rootfs/, one big file) written by a thread into a pipe as it is read. */
    private static InputStream generate(MessageDigest digest, long[] total) {
        try {
            PipedInputStream in = new PipedInputStream(1 << 20);
            PipedOutputStream pipe = new PipedOutputStream(in);
            CompletableFuture.runAsync(() -> {
                try (CountingDigest out = new CountingDigest(pipe, digest, total);
                        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    file(tar, "metadata.yaml", TestArchive.METADATA.getBytes(StandardCharsets.UTF_8));
                    tar.putArchiveEntry(new TarArchiveEntry("rootfs/", TarArchiveEntry.LF_DIR));
                    tar.closeArchiveEntry();
                    TarArchiveEntry big = new TarArchiveEntry("rootfs/big.bin");
                    big.setSize(CONTENT);
                    tar.putArchiveEntry(big);
                    byte[] chunk = new byte[1 << 16];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) (i * 31 + 7);
                    }
                    for (long left = CONTENT; left > 0; left -= chunk.length) {
                        tar.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                    tar.closeArchiveEntry();
                    tar.finish();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            return in;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Hashes and counts what the generator writes. */
    private static final class CountingDigest extends DigestOutputStream {
        private final long[] total;

        CountingDigest(OutputStream out, MessageDigest digest, long[] total) {
            super(out, digest);
            this.total = total;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            total[0] += len;
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            total[0]++;
        }
    }
}
