package dev.berth.executor.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.sun.jna.LastErrorException;

/**
 * A pseudo-terminal for an interactive exec. {@code runc exec --tty} gets the slave as its stdio, makes the
 * container's own terminal and relays between the two; the executor reads and writes the master.
 */
final class Pty {
    private static final int EIO = 5;
    private final int master;
    private int slave;
    private boolean closed;
    private final String slavePath;

    private Pty(int master, int slave, String slavePath) {
        this.master = master;
        this.slave = slave;
        this.slavePath = slavePath;
    }

    static Pty open(int width, int height) throws IOException {
        int[] m = new int[1];
        int[] s = new int[1];
        try {
            Libc.INSTANCE.openpty(m, s, null, null, new Libc.Winsize(width <= 0 ? 80 : width,
                    height <= 0 ? 25 : height));
        } catch (LastErrorException e) {
            throw new IOException("openpty: errno " + e.getErrorCode());
        }
        String path = Libc.INSTANCE.ttyname(s[0]);
        if (path == null) {
            Libc.INSTANCE.close(m[0]);
            Libc.INSTANCE.close(s[0]);
            throw new IOException("ttyname of a new pty failed");
        }
        return new Pty(m[0], s[0], path);
    }

    String slavePath() {
        return slavePath;
    }

    /** The child holds the slave now; the executor keeping it open would keep the master from ever seeing EOF. */
    synchronized void closeSlave() {
        if (slave >= 0) {
            Libc.INSTANCE.close(slave);
            slave = -1;
        }
    }

    void resize(int width, int height) {
        Libc.INSTANCE.ioctl(master, Libc.TIOCSWINSZ, new Libc.Winsize(width, height));
    }

    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] buf = off == 0 ? b : new byte[len];
                try {
                    int n = Libc.INSTANCE.read(master, buf, len);
                    if (n > 0 && buf != b) {
                        System.arraycopy(buf, 0, b, off, n);
                    }
                    return n <= 0 ? -1 : n;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EIO) {
                        return -1; // every slave closed: the command and runc are gone
                    }
                    throw new IOException("read from pty: errno " + e.getErrorCode());
                }
            }
        };
    }

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] rest = java.util.Arrays.copyOfRange(b, off, off + len);
                while (rest.length > 0) {
                    int n;
                    try {
                        n = Libc.INSTANCE.write(master, rest, rest.length);
                    } catch (LastErrorException e) {
                        throw new IOException("write to pty: errno " + e.getErrorCode());
                    }
                    rest = java.util.Arrays.copyOfRange(rest, n, rest.length);
                }
            }
        };
    }

    synchronized void close() {
        closeSlave();
        if (!closed) {
            closed = true;
            Libc.INSTANCE.close(master);
        }
    }
}
