package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;

/**
 * The stock LXD 5.0 client's {@code lxc file push/pull/delete} against Berth over the Unix socket: bytes, owner and
 * mode arrive as the container sees them, directories and symlinks travel with {@code -r}, and no path reaches
 * outside the container's root.
 */
@ExtendWith(Stack.class)
class FilesIT {
    private static final String NAME = "it-files";
    private final LxdClient api = Stack.client();
    private Path work;

    @BeforeEach
    void launch() throws IOException {
        work = Files.createTempDirectory("it-files");
        Instances.forceDelete(api, NAME);
        Instances.launch(api, NAME, Map.of());
    }

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, NAME);
        Instances.forceDelete(api, NAME + "-stopped");
        api.close();
        Host.runAny("rm", "-rf", work.toString());
    }

    @Test
    void shouldPushAndPullA5MbFileKeepingBytesOwnerAndModeWhenTheStockClientTransfersIt() throws Exception {
        // Given 5 MB of random bytes on the host
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(data);
        Path local = Files.write(work.resolve("big.bin"), data);

        // When lxc pushes it with an owner and a mode
        StockClient.lxcOk("file", "push", local.toString(), NAME + "/root/big.bin", "--uid", "1000", "--gid", "1000",
                "--mode", "0640");

        // Then the container sees the same bytes, owned by its uid 1000 (not a host id), with mode 0640
        assertThat(inside("sha256sum", "/root/big.bin")).startsWith(sha256(data));
        assertThat(inside("stat", "-c", "%u %g %a %s", "/root/big.bin").strip())
                .isEqualTo("1000 1000 640 " + data.length);

        // And lxc pulls the same bytes back, the server reporting the container's owner and mode
        Path back = work.resolve("back.bin");
        StockClient.lxcOk("file", "pull", NAME + "/root/big.bin", back.toString());
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));
        String headers = curlHeaders("/root/big.bin");
        assertThat(headers).contains("X-LXD-uid: 1000").contains("X-LXD-gid: 1000").contains("X-LXD-mode: 0640")
                .contains("X-LXD-type: file").contains("X-Incus-uid: 1000");
    }

    @Test
    void shouldPushADirectoryTreeWithItsSymlinkAndDeleteAFileWhenAskedRecursively() throws Exception {
        // Given a tree with a nested file and a relative symlink
        Path tree = Files.createDirectories(work.resolve("tree/sub"));
        Files.writeString(work.resolve("tree/a.txt"), "alpha\n");
        Files.writeString(tree.resolve("b.txt"), "beta\n");
        Files.createSymbolicLink(work.resolve("tree/link"), Path.of("sub/b.txt"));

        // When lxc pushes it recursively
        StockClient.lxcOk("file", "push", "-r", work.resolve("tree").toString(), NAME + "/root/");

        // Then the container has the files, the directory and the link as they were
        assertThat(inside("cat", "/root/tree/a.txt", "/root/tree/sub/b.txt")).isEqualTo("alpha\nbeta\n");
        assertThat(inside("readlink", "/root/tree/link").strip()).isEqualTo("sub/b.txt");
        assertThat(inside("stat", "-c", "%F", "/root/tree/sub").strip()).isEqualTo("directory");
        // and a pull of the link reports it as a link with its target
        assertThat(curlHeaders("/root/tree/link")).contains("X-LXD-type: symlink");

        // When lxc deletes a file, Then it is gone and its sibling stays
        StockClient.lxcOk("file", "delete", NAME + "/root/tree/a.txt");
        assertThat(Instances.execAny(NAME, "test", "-e", "/root/tree/a.txt").code()).isEqualTo(1);
        assertThat(inside("cat", "/root/tree/sub/b.txt")).isEqualTo("beta\n");

        // And lxc pulls the tree back recursively, link included
        StockClient.lxcOk("file", "pull", "-r", NAME + "/root/tree", work.resolve("pulled").toString());
        assertThat(Files.readString(work.resolve("pulled/tree/sub/b.txt"))).isEqualTo("beta\n");
        assertThat(Files.readSymbolicLink(work.resolve("pulled/tree/link")).toString()).isEqualTo("sub/b.txt");
    }

    @Test
    void shouldRefusePathsOutsideTheContainerWhenTheyClimbThroughDotDotOrASymlink() throws Exception {
        // Given a link in the container that climbs above its root, and one to its own root
        inside("ln", "-s", "../../../../../..", "/root/up");
        inside("ln", "-s", "/", "/root/top");
        Path target = work.resolve("x");

        // When lxc pulls through ..  or through the climbing link, Then it fails naming the path
        StockClient.Result dotdot = StockClient.lxc(null, 120, "file", "pull", NAME + "/../../etc/hostname",
                target.toString());
        assertThat(dotdot.exit()).isNotZero();
        assertThat(dotdot.output()).contains("is outside the instance");
        StockClient.Result link = StockClient.lxc(null, 120, "file", "pull", NAME + "/root/up/etc/hostname",
                target.toString());
        assertThat(link.exit()).isNotZero();
        assertThat(link.output()).contains("root/up/etc/hostname").contains("is outside the instance");
        assertThat(Files.exists(target)).isFalse();
        assertThat(Instances.errorCode("GET", "/1.0/instances/" + NAME + "/files?path=/root/up/etc/passwd", null))
                .isEqualTo(400);

        // And a push through an absolute link lands inside the container, not on the host
        Path marker = Path.of("/tmp/berth-files-it-marker");
        Files.deleteIfExists(marker);
        Files.writeString(work.resolve("m"), "in\n");
        StockClient.lxcOk("file", "push", work.resolve("m").toString(), NAME + "/root/top/tmp/berth-files-it-marker");
        assertThat(inside("cat", "/tmp/berth-files-it-marker")).isEqualTo("in\n");
        assertThat(Files.exists(marker)).isFalse();

        // And a missing file is an error, a 404 on the wire
        StockClient.Result missing = StockClient.lxc(null, 120, "file", "pull", NAME + "/root/nope", target.toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("not found");
        assertThat(Instances.errorCode("GET", "/1.0/instances/" + NAME + "/files?path=/root/nope", null))
                .isEqualTo(404);
        assertThat(Instances.errorCode("GET", "/1.0/instances/" + NAME + "-nope/files?path=/etc", null))
                .isEqualTo(404);
    }

    @Test
    void shouldRefuseWithA400WhenTheInstanceIsStoppedOnTheOverlayPool() {
        // Given a stopped instance on the default (overlay) pool, whose root exists only while it runs
        api.waitSuccess(api.createInstance(Instances.busybox(NAME + "-stopped", Map.of(), false)), 120);

        // When a file is asked for, Then the answer is a 400, not a hang or a 500
        assertThat(Instances.errorCode("GET", "/1.0/instances/" + NAME + "-stopped/files?path=/etc/passwd", null))
                .isEqualTo(400);
    }

    private static String inside(String... argv) {
        Host.Result r = Instances.execAny(NAME, argv);
        assertThat(r.code()).as(String.join(" ", argv) + ": " + r.output()).isZero();
        return r.output();
    }

    private static String curlHeaders(String path) {
        return Host.run("curl", "-s", "-o", "/dev/null", "-D", "-", "--unix-socket", Stack.SOCKET.toString(),
                "http://berth/1.0/instances/" + NAME + "/files?path=" + path);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
