package dev.berth.executor.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code /etc/resolv.conf} of a container on a managed network: the gateway's dnsmasq as its only server and
 * {@code dns.domain} as its search domain, so bare instance names resolve.
 */
public final class ResolvConf {
    private ResolvConf() {
    }

    public static String render(String nameserver, String domain) {
        String ns = Ipv4Cidr.format(Ipv4Cidr.parseAddress(nameserver));
        return "nameserver " + ns + "\nsearch " + NetNames.domain(domain) + "\n";
    }

    /**
     * Writes {@code content} as {@code <rootfs>/etc/resolv.conf} without following any symlink the image put there:
     * an absolute link (such as systemd-resolved's) would otherwise land the write on the host. A symlinked
     * resolv.conf is replaced by a plain file; a symlinked {@code /etc} is refused.
     */
    public static void write(Path rootfs, String content) {
        Path etc = rootfs.resolve("etc");
        if (Files.isSymbolicLink(etc)) {
            throw NetworkException.badRequest(etc + " is a symlink; not writing resolv.conf through it");
        }
        try {
            Files.createDirectories(etc);
            Path tmp = etc.resolve(".resolv.conf.berth");
            Files.deleteIfExists(tmp);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            // rename(2) replaces a symlink itself, never its target.
            Files.move(tmp, etc.resolve("resolv.conf"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw NetworkException.internal("cannot write resolv.conf in " + rootfs + ": " + e.getMessage(), e);
        }
    }
}
