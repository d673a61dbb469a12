package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * A small image rootfs with every kind of file a copy can get wrong (setuid, file capabilities, ACLs, xattrs,
 * hardlinks, symlinks, a fifo, a device node, a sparse file, foreign owners), and the assertions that a tree still
 * has them all. Needs root.
 */
final class ImageTree {
    static final long SPARSE_SIZE = 64L << 20;

    private ImageTree() {
    }

    static Path build(Path root) throws IOException {
        Files.createDirectories(root);
        for (String dir : new String[]{"bin", "etc", "usr/bin", "var/log/journal", "home/user", "run", "dev"}) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("etc/hostname"), "image\n");
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:1::::::\n");
        sh("chown 0:42 etc/shadow && chmod 0640 etc/shadow", root);
        Files.copy(Path.of("/bin/true"), root.resolve("bin/ping"));
        sh("setcap cap_net_raw+ep bin/ping", root);
        Files.copy(Path.of("/bin/true"), root.resolve("usr/bin/su"));
        Files.copy(Path.of("/bin/true"), root.resolve("usr/bin/wall"));
        sh("chmod 04755 usr/bin/su && chown 0:5 usr/bin/wall && chmod 02755 usr/bin/wall", root);
        sh("setfacl -m g:4:r-x,d:g:4:r-x var/log/journal", root);
        sh("chown 1000:1000 home/user && chmod 0700 home/user", root);
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("ping"));
        Files.writeString(root.resolve("etc/hard1"), "linked\n");
        Files.createLink(root.resolve("etc/hard2"), root.resolve("etc/hard1"));
        sh("mkfifo run/initctl && mknod -m 0666 dev/null c 1 3", root);
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("var/sparse").toFile(), "rw")) {
            sparse.seek(SPARSE_SIZE - 1);
            sparse.write(1);
        }
        Files.getFileAttributeView(root.resolve("etc/motd"), UserDefinedFileAttributeView.class).write("berth",
                ByteBuffer.wrap("yes".getBytes(StandardCharsets.UTF_8)));
        return root;
    }

    /** Asserts that {@code root} still holds everything {@link #build} made, attributes included. */
    static void assertComplete(Path root) throws IOException {
        assertThat(owner(root.resolve("etc/shadow"))).isEqualTo("0:42");
        assertThat(mode(root.resolve("etc/shadow"))).isEqualTo(0640);
        assertThat(mode(root.resolve("usr/bin/su"))).isEqualTo(04755);
        assertThat(mode(root.resolve("usr/bin/wall"))).isEqualTo(02755);
        assertThat(owner(root.resolve("usr/bin/wall"))).isEqualTo("0:5");
        assertThat(sh("getcap bin/ping", root)).contains("cap_net_raw=ep");
        assertThat(sh("getfacl -n -p var/log/journal", root)).contains("group:4:r-x", "default:group:4:r-x");
        assertThat(owner(root.resolve("home/user"))).isEqualTo("1000:1000");
        assertThat(mode(root.resolve("home/user"))).isEqualTo(0700);
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("ping"));
        assertThat(attr(root.resolve("etc/hard1"), "ino")).isEqualTo(attr(root.resolve("etc/hard2"), "ino"));
        assertThat(attr(root.resolve("etc/hard1"), "nlink")).isEqualTo(2);
        assertThat(sh("stat -c %F run/initctl", root).strip()).isEqualTo("fifo");
        assertThat(sh("stat -c %F:%t:%T dev/null", root).strip()).isEqualTo("character special file:1:3");
        assertThat(Files.size(root.resolve("var/sparse"))).isEqualTo(SPARSE_SIZE);
        long blocks = Long.parseLong(sh("stat -c %b var/sparse", root).strip());
        assertThat(blocks * 512).as("allocated bytes of the sparse file").isLessThan(1 << 20);
        assertThat(sh("getfattr --only-values -n user.berth etc/motd", root)).isEqualTo("yes");
    }

    static int mode(Path path) throws IOException {
        return ((Integer) attr(path, "mode")) & 07777;
    }

    static String owner(Path path) throws IOException {
        return attr(path, "uid") + ":" + attr(path, "gid");
    }

    static Object attr(Path path, String name) throws IOException {
        return Files.getAttribute(path, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    /** Runs a shell command in {@code dir}; fails the test when it fails. */
    static String sh(String command, Path dir) {
        // The JVM's PATH may lack /sbin, where setcap lives.
        return Tools.run(Tools.SHORT, "sh", "-c", "PATH=/usr/sbin:/usr/bin:/sbin:/bin; cd '" + dir + "' && " + command)
                .stdout();
    }
}
