package dev.berth.executor.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootDirTest {

    @Test
    void shouldRefuseASymlinkSwappedInAfterResolvingWhenOpening(@TempDir Path host) throws Exception {
        // Given a path resolved while /data was a directory
        Path root = Files.createDirectories(host.resolve("root"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(host.resolve("shadow"), "host only");
        ContainerPath resolved = ContainerPath.resolve(root, "/data/shadow", true);

        // When the container swaps /data for a link out of its root before the open
        Files.delete(root.resolve("data"));
        Files.createSymbolicLink(root.resolve("data"), host);

        // Then the open below the root refuses instead of reading the host's file
        try (RootDir dir = RootDir.open(root)) {
            assertThatThrownBy(() -> dir.openBeneath(resolved.relative(), RootDir.O_RDONLY, 0, "/data/shadow"))
                    .isInstanceOf(FileRefused.class).extracting(e -> ((FileRefused) e).code()).isEqualTo(400);
        }
    }

    @Test
    void shouldOpenAFileBelowTheRootWhenNoLinkIsOnTheWay(@TempDir Path host) throws Exception {
        Path root = Files.createDirectories(host.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "c1\n");

        try (RootDir dir = RootDir.open(root);
                RootDir.Fd fd = dir.openBeneath("etc/hostname", RootDir.O_RDONLY, 0,
                        "/etc/hostname")) {
            assertThat(Files.readString(fd.path())).isEqualTo("c1\n");
        }
    }
}
