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
import java.util.Optional;
import java.util.regex.Pattern;

import dev.berth.image.domain.Fingerprints;

/**
 * Blob store in one directory, one file per blob. Staged files are hidden ({@code .incoming-*.tmp}) in the same
 * directory and renamed into place, so readers never see a partial blob.
 */
public class FilesystemBlobStore implements BlobStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}(\\.rootfs)?");

    private final Path root;

    public FilesystemBlobStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public Staged stage() throws IOException {
        Files.createDirectories(root);
        return new TempFile(Files.createTempFile(root, ".incoming-", ".tmp"));
    }

    @Override
    public Path scratch() throws IOException {
        Files.createDirectories(root);
        return Files.createTempDirectory(root, ".scratch-", PosixFilePermissions
                .asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Override
    public void commit(Staged staged, String name) throws IOException {
        Path target = path(name);
        Files.setPosixFilePermissions(staged.path(), PosixFilePermissions.fromString("rw-r--r--"));
        if (Files.exists(target)) {
            return; // same name, same bytes: the second copy is redundant
        }
        try {
            Files.move(staged.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer stored the same bytes first
        }
    }

    @Override
    public BlobInfo put(BlobWriter writer) throws IOException {
        try (Staged staged = stage()) {
            MessageDigest sha256 = Fingerprints.sha256();
            try (OutputStream out = new DigestOutputStream(staged.output(), sha256)) {
                writer.writeTo(out);
            }
            String fingerprint = Fingerprints.hex(sha256.digest());
            long size = staged.size();
            commit(staged, fingerprint);
            return new BlobInfo(fingerprint, size);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        Path path = path(name);
        return Files.isRegularFile(path) ? Optional.of(new BlobInfo(name, Files.size(path))) : Optional.empty();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(path(name));
    }

    private Path path(String name) throws NoSuchFileException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new NoSuchFileException(String.valueOf(name), null, "not a blob name");
        }
        return root.resolve(name);
    }

    /** A staged temp file; deleted on close unless it was moved into place. */
    private record TempFile(Path path) implements Staged {
        @Override
        public OutputStream output() throws IOException {
            return Files.newOutputStream(path);
        }

        @Override
        public long size() throws IOException {
            return Files.size(path);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
        }
    }
}
