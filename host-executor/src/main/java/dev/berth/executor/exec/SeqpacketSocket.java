package dev.berth.executor.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import com.sun.jna.LastErrorException;

/**
 * A connected {@code AF_UNIX SOCK_SEQPACKET} socket, which Java's own Unix sockets (stream only) cannot be: conmon's
 * attach socket. Each read is one packet; {@link #shutdown} wakes a blocked reader, which then {@link #close}s.
 */
final class SeqpacketSocket {
    private static final int SUN_PATH = 108;
    private final int fd;
    private boolean closed;

    private SeqpacketSocket(int fd) {
        this.fd = fd;
    }

    static SeqpacketSocket connect(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new IOException("socket path too long: " + path);
        }
        byte[] address = new byte[2 + SUN_PATH];
        address[0] = (byte) Libc.AF_UNIX; // sa_family_t, little-endian
        System.arraycopy(name, 0, address, 2, name.length);
        int fd;
        try {
            fd = Libc.INSTANCE.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket: errno " + e.getErrorCode());
        }
        try {
            Libc.INSTANCE.connect(fd, address, 2 + name.length + 1);
        } catch (LastErrorException e) {
            Libc.INSTANCE.close(fd);
            throw new IOException("connect to " + path + ": errno " + e.getErrorCode());
        }
        return new SeqpacketSocket(fd);
    }

    /** The next packet, or null at the end. */
    byte[] receive(byte[] buffer) throws IOException {
        try {
            int n = Libc.INSTANCE.read(fd, buffer, buffer.length);
            return n <= 0 ? null : Arrays.copyOf(buffer, n);
        } catch (LastErrorException e) {
            throw new IOException("read from attach socket: errno " + e.getErrorCode());
        }
    }

    synchronized void send(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("attach socket closed");
        }
        try {
            Libc.INSTANCE.write(fd, data, data.length);
        } catch (LastErrorException e) {
            throw new IOException("write to attach socket: errno " + e.getErrorCode());
        }
    }

    synchronized void shutdown() {
        if (!closed) {
            try {
                Libc.INSTANCE.shutdown(fd, Libc.SHUT_RDWR);
            } catch (LastErrorException e) {
                // already disconnected
            }
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.INSTANCE.close(fd);
        }
    }
}
