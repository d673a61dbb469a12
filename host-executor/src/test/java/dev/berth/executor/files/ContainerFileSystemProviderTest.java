package dev.berth.executor.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.contracts.config.IdMap;

/** The file system MINA's SFTP subsystem gets: a container's root that nothing climbs out of, in container ids. */
class ContainerFileSystemProviderTest {
    private static final IdMap MAP = new IdMap(1_000_000L, 65_536L);

    @TempDir
    Path host;
    Path root;
    FileSystem fs;

    @BeforeEach
    void givenAContainerRootWithLinksThatPointOut() throws Exception {
        // Given a container root beside a host file, with links to / and above the root, stored shifted
        root = Files.createDirectories(host.resolve("root"));
        Files.writeString(host.resolve("secret"), "host only");
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "c1\n");
        Files.createSymbolicLink(root.resolve("top"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../.."));
        Files.createSymbolicLink(root.resolve("tmp/hostsecret"), host.resolve("secret"));
        fs = new ContainerFileSystemProvider().newFileSystem(new FilesRoot(root, Optional.of(MAP)));
    }

    @Test
    void shouldFollowAnAbsoluteLinkOntoTheHostWhenMinasOwnRootedFileSystemIsUsed() throws Exception {
        // The hole this provider closes: MINA's rooted file system lets the host resolve the link to /
        try (FileSystem mina = new RootedFileSystemProvider().newFileSystem(root, Map.of())) {
            Path throughLink = mina.getPath("/top" + host.resolve("secret"));

            assertThat(Files.readString(throughLink)).isEqualTo("host only");
        }
    }

    @Test
    void shouldReRootAnAbsoluteLinkWhenWritingThroughIt() throws Exception {
        // When a file is written through /top (-> /) to a path that exists on the host too
        Path marker = Path.of("/tmp/berth-sftp-provider-test-" + ProcessHandle.current().pid());
        Files.deleteIfExists(marker);
        Files.writeString(fs.getPath("/top" + marker), "inside\n");

        // Then it lands in the container's /tmp, and the host's /tmp is untouched
        assertThat(Files.readString(root.resolve(marker.toString().substring(1)))).isEqualTo("inside\n");
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void shouldRefuseALinkThatClimbsAboveTheRoot() {
        assertThatThrownBy(() -> Files.readString(fs.getPath("/up/secret")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.writeString(fs.getPath("/up/planted"), "x"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(Files.exists(host.resolve("planted"))).isFalse();
    }

    @Test
    void shouldReadAHostPathLinkAsAContainerPath() throws Exception {
        // A link to the host's secret, by absolute path, means that path inside the container: not there
        assertThatThrownBy(() -> Files.readString(fs.getPath("/tmp/hostsecret")))
                .isInstanceOf(NoSuchFileException.class);
        // and the link itself reads back as written
        assertThat(Files.readSymbolicLink(fs.getPath("/tmp/hostsecret")).toString())
                .isEqualTo(host.resolve("secret").toString());
    }

    @Test
    void shouldStoreNewFilesAsTheContainersRootAndTranslateOwners() throws Exception {
        // When a file and a directory are created, Then the host stores them as the container's root (map(0))
        Path file = fs.getPath("/etc/new.conf");
        Files.writeString(file, "x");
        Files.createDirectory(fs.getPath("/etc/new.d"));
        assertThat(Files.getAttribute(root.resolve("etc/new.conf"), "unix:uid")).isEqualTo(1_000_000);
        assertThat(Files.getAttribute(root.resolve("etc/new.d"), "unix:gid")).isEqualTo(1_000_000);
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(0);

        // When it is chowned to container uid 1000, Then the host has 1001000 and the container sees 1000
        Files.setAttribute(file, "unix:uid", 1000);
        Files.setAttribute(file, "unix:gid", 1000);
        assertThat(Files.getAttribute(root.resolve("etc/new.conf"), "unix:uid")).isEqualTo(1_001_000);
        assertThat(Files.readAttributes(file, "unix:uid,gid,mode")).containsEntry("uid", 1000)
                .containsEntry("gid", 1000);

        // An id outside the container's range is refused
        assertThatThrownBy(() -> Files.setAttribute(file, "unix:uid", 70_000))
                .hasMessageContaining("outside the instance's id range");
    }

    @Test
    void shouldListAndDeleteInsideTheContainer() throws Exception {
        try (Stream<Path> entries = Files.list(fs.getPath("/"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(List.of("tmp", "etc", "top", "up"));
        }
        // deleting the link to / removes the link, not what it points to
        Files.delete(fs.getPath("/top"));
        assertThat(Files.exists(root.resolve("top"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(root.resolve("etc/hostname"))).isTrue();
    }
}
