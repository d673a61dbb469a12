package dev.berth.executor.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** Deletes directory trees without following symlinks. */
public final class Trees {
    private Trees() {
    }

    /** Creates {@code dir} and its parents. */
    public static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Refuses when anything is mounted inside {@code root}: the walk would delete through the mount. */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = root.toAbsolutePath().normalize() + "/";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            lines.map(l -> l.split(" ")[4].replace("\\040", " ")).filter(m -> m.startsWith(prefix)).findFirst()
                    .ifPresent(m -> {
                        throw new IllegalStateException(m + " is mounted; refusing to delete " + root);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
