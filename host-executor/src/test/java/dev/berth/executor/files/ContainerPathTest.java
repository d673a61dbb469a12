package dev.berth.executor.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerPathTest {
    @TempDir
    Path host;
    Path root;

    @BeforeEach
    void givenAContainerRootBesideAHostSecret() throws Exception {
        // Given a container root under host/root, and a file of the host right beside it
        root = Files.createDirectories(host.resolve("root"));
        Files.writeString(host.resolve("secret"), "host only");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost");
        Files.createDirectories(root.resolve("usr/share/zoneinfo"));
        Files.writeString(root.resolve("usr/share/zoneinfo/UTC"), "TZif");
    }

    @Test
    void shouldResolveAPlainPathWhenItStaysInside() {
        ContainerPath p = ContainerPath.resolve(root, "/etc/./hosts", true);

        assertThat(p.components()).containsExactly("etc", "hosts");
        assertThat(p.exists()).isTrue();
        assertThat(p.inContainer()).isEqualTo("/etc/hosts");
    }

    @Test
    void shouldRefuseDotDotWhenItClimbsAboveTheRoot() {
        assertThatThrownBy(() -> ContainerPath.resolve(root, "/../secret", true))
                .isInstanceOf(FileRefused.class).hasMessageContaining("\"/../secret\" is outside the instance")
                .extracting(e -> ((FileRefused) e).code()).isEqualTo(400);
        assertThatThrownBy(() -> ContainerPath.resolve(root, "/etc/../../secret", true))
                .isInstanceOf(FileRefused.class).hasMessageContaining("outside the instance");
    }

    @Test
    void shouldAllowDotDotWhenItStaysInside() {
        assertThat(ContainerPath.resolve(root, "/etc/../etc/hosts", true).components())
                .containsExactly("etc", "hosts");
    }

    @Test
    void shouldReRootAnAbsoluteSymlinkWhenFollowingIt() throws Exception {
        // Given /etc/localtime -> /usr/share/zoneinfo/UTC, which on the host would name the host's file
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
        Files.createSymbolicLink(root.resolve("hostroot"), Path.of("/"));

        assertThat(ContainerPath.resolve(root, "/etc/localtime", true).components())
                .containsExactly("usr", "share", "zoneinfo", "UTC");
        // a link to / is the container's root, so /hostroot/etc/hosts is the container's own file
        assertThat(ContainerPath.resolve(root, "/hostroot/etc/hosts", true).components())
                .containsExactly("etc", "hosts");
    }

    @Test
    void shouldRefuseARelativeSymlinkWhenItClimbsAboveTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("leak"), Path.of("../secret"));

        assertThatThrownBy(() -> ContainerPath.resolve(root, "/etc/up/secret", true))
                .isInstanceOf(FileRefused.class).hasMessageContaining("outside the instance");
        assertThatThrownBy(() -> ContainerPath.resolve(root, "/leak", true))
                .isInstanceOf(FileRefused.class).hasMessageContaining("\"/leak\" is outside the instance");
    }

    @Test
    void shouldKeepTheLastSymlinkWhenNotFollowing() throws Exception {
        Files.createSymbolicLink(root.resolve("leak"), Path.of("../secret"));

        ContainerPath p = ContainerPath.resolve(root, "/leak", false);

        assertThat(p.components()).containsExactly("leak");
        assertThat(p.exists()).isTrue();
    }

    @Test
    void shouldStopWhenSymlinksLoop() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

        assertThatThrownBy(() -> ContainerPath.resolve(root, "/a/x", true)).isInstanceOf(FileRefused.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void shouldReportAMissingLastComponentAndRefuseAMissingParent() {
        ContainerPath created = ContainerPath.resolve(root, "/etc/new", true);
        assertThat(created.exists()).isFalse();
        assertThat(created.parentRelative()).isEqualTo("etc");

        assertThatThrownBy(() -> ContainerPath.resolve(root, "/nope/new", true)).isInstanceOf(FileRefused.class)
                .extracting(e -> ((FileRefused) e).code()).isEqualTo(404);
        assertThatThrownBy(() -> ContainerPath.resolve(root, "/etc/hosts/x", true)).isInstanceOf(FileRefused.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void shouldTakeARelativePathFromTheRootAndRefuseAnEmptyOne() {
        // lxc file pull c1/etc/hosts asks for "etc/hosts"; LXD resolves it from the container's root
        assertThat(ContainerPath.resolve(root, "etc/hosts", true).components()).containsExactly("etc", "hosts");
        assertThatThrownBy(() -> ContainerPath.resolve(root, "../secret", true)).isInstanceOf(FileRefused.class)
                .hasMessageContaining("outside the instance");
        assertThatThrownBy(() -> ContainerPath.resolve(root, "", true)).isInstanceOf(FileRefused.class)
                .extracting(e -> ((FileRefused) e).code()).isEqualTo(400);
    }

    @Test
    void shouldNameTheRootWhenThePathIsSlash() {
        ContainerPath p = ContainerPath.resolve(root, "/", false);

        assertThat(p.isRoot()).isTrue();
        assertThat(p.relative()).isEqualTo(".");
    }
}
