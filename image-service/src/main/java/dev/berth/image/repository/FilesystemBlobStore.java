package dev.berth.image.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import dev.berth.image.domain.Fingerprints;

/**
 * Blob store in one directory, one {@code <fingerprint>} file per blob. Writes go to a hidden temporary file in the
 * same directory and are renamed into place, so readers never see a partial blob.
 */
public class FilesystemBlobStore implements BlobStore {
    private final Path root;

    public FilesystemBlobStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public BlobInfo put(BlobWriter writer) throws IOException {
        Files.createDirectories(root);
        Path temp = Files.createTempFile(root, ".incoming-", ".tmp");
        try {
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
                writer.writeTo(out);
            }
            String fingerprint = Fingerprints.hex(sha256.digest());
            long size = Files.size(temp);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            moveIntoPlace(temp, path(fingerprint));
            return new BlobInfo(fingerprint, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String fingerprint) throws IOException {
        Path path = path(fingerprint);
        return Files.isRegularFile(path) ? Optional.of(new BlobInfo(fingerprint, Files.size(path))) : Optional.empty();
    }

    @Override
    public InputStream open(String fingerprint) throws IOException {
        return Files.newInputStream(path(fingerprint));
    }

    @Override
    public boolean delete(String fingerprint) throws IOException {
        return Files.deleteIfExists(path(fingerprint));
    }

    private void moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.exists(target)) {
            return; // same name, same bytes: content addressing makes the second copy redundant
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer stored the same bytes first
        }
    }

    private Path path(String fingerprint) throws NoSuchFileException {
        if (fingerprint == null || !fingerprint.matches("[0-9a-f]{64}")) {
            throw new NoSuchFileException(String.valueOf(fingerprint), null, "not a sha256 fingerprint");
        }
        return root.resolve(fingerprint);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
