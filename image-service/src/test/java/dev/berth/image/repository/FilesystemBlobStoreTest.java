package dev.berth.image.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.image.repository.BlobStore.BlobInfo;
import dev.berth.image.service.TarballFixtures;

class FilesystemBlobStoreTest {
    private static final byte[] BYTES = "some image bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheSameBytesWhenStored() throws IOException {
        // Given
        FilesystemBlobStore store = new FilesystemBlobStore(dir.resolve("images"));

        // When
        BlobInfo info = store.put(out -> out.write(BYTES));

        // Then
        assertThat(info.fingerprint()).isEqualTo(TarballFixtures.sha256(BYTES));
        assertThat(info.size()).isEqualTo(BYTES.length);
        assertThat(store.stat(info.fingerprint())).contains(info);
        try (InputStream in = store.open(info.fingerprint())) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }
        assertThat(dir.resolve("images").resolve(info.fingerprint())).exists();
    }

    @Test
    void shouldKeepOneFileWhenTheSameBytesAreStoredTwice() throws IOException {
        // Given
        FilesystemBlobStore store = new FilesystemBlobStore(dir);
        BlobInfo first = store.put(out -> out.write(BYTES));

        // When
        BlobInfo second = store.put(out -> out.write(BYTES));

        // Then
        assertThat(second).isEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(first.fingerprint()));
        }
    }

    @Test
    void shouldLeaveNothingBehindWhenTheWriterFails() throws IOException {
        // Given
        FilesystemBlobStore store = new FilesystemBlobStore(dir);

        // When
        assertThatThrownBy(() -> store.put(out -> {
            out.write(BYTES);
            throw new IOException("disk on fire");
        })).hasMessage("disk on fire");

        // Then
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldReportAbsenceWhenTheBlobIsUnknown() throws IOException {
        // Given
        FilesystemBlobStore store = new FilesystemBlobStore(dir);
        String unknown = "0".repeat(64);

        // When / Then
        assertThat(store.stat(unknown)).isEmpty();
        assertThat(store.delete(unknown)).isFalse();
        assertThatThrownBy(() -> store.open(unknown)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.open("../etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }
}
