package dev.berth.cli.http;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Unix-socket connection with buffered, timeout-aware reads. Non-blocking channel plus a selector, because Unix
 * {@link SocketChannel}s have no {@code SO_TIMEOUT}. Not thread-safe: one request at a time.
 */
final class UnixConnection implements Closeable {
    private static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private long timeoutMillis;
    private boolean usedBefore;

    private UnixConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    static UnixConnection open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new UnixConnection(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Read timeout for the next operations; zero or negative waits forever. */
    void timeout(Duration timeout) {
        this.timeoutMillis = timeout == null || timeout.isNegative() ? 0 : timeout.toMillis();
    }

    boolean usedBefore() {
        return usedBefore;
    }

    void markUsed() {
        usedBefore = true;
    }

    /** True if an idle connection is still usable: open, nothing buffered, and the peer has not closed it. */
    boolean isReusable() {
        if (!channel.isOpen() || in.hasRemaining()) {
            return false;
        }
        try {
            ByteBuffer probe = ByteBuffer.allocate(1);
            return channel.read(probe) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    void write(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Reads one line terminated by LF (CR stripped), or null at a clean end of stream before any byte. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!in.hasRemaining() && !fill()) {
                if (line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            byte b = in.get();
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (!in.hasRemaining() && !fill()) {
                throw new EOFException("connection closed with " + len + " body bytes missing");
            }
            int n = Math.min(len, in.remaining());
            in.get(dst, off, n);
            off += n;
            len -= n;
        }
    }

    void write(byte[] bytes, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, off, len);
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Copies exactly {@code len} body bytes to {@code sink}. */
    void copy(long len, java.io.OutputStream sink) throws IOException {
        while (len > 0) {
            if (!in.hasRemaining() && !fill()) {
                throw new EOFException("connection closed with " + len + " body bytes missing");
            }
            int n = (int) Math.min(len, in.remaining());
            sink.write(in.array(), in.arrayOffset() + in.position(), n);
            in.position(in.position() + n);
            len -= n;
        }
    }

    /** Copies everything until the peer closes the connection to {@code sink}. */
    void copyToEnd(java.io.OutputStream sink) throws IOException {
        do {
            sink.write(in.array(), in.arrayOffset() + in.position(), in.remaining());
            in.position(in.limit());
        } while (fill());
    }

    /** Reads until the peer closes the connection. */
    byte[] readToEnd() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        do {
            out.write(in.array(), in.arrayOffset() + in.position(), in.remaining());
            in.position(in.limit());
        } while (fill());
        return out.toByteArray();
    }

    private boolean fill() throws IOException {
        in.clear();
        try {
            while (true) {
                int n = channel.read(in);
                if (n > 0) {
                    return true;
                }
                if (n < 0) {
                    return false;
                }
                await(SelectionKey.OP_READ);
            }
        } finally {
            in.flip();
        }
    }

    private void await(int op) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        key.interestOps(op);
        try {
            while (true) {
                long waitMillis = 0;
                if (timeoutMillis > 0) {
                    waitMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                }
                int ready = selector.select(waitMillis);
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("interrupted while waiting for the server");
                }
                if (timeoutMillis > 0 && System.nanoTime() >= deadline) {
                    throw new SocketTimeoutException("no answer from the server within " + timeoutMillis + " ms");
                }
            }
        } finally {
            key.interestOps(0);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
