package dev.berth.executor.exec;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls an exec or a console needs that Java lacks: any signal to a child, a pseudo-terminal and a
 * {@code SOCK_SEQPACKET} Unix socket (conmon's attach socket).
 */
interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int kill(int pid, int signal) throws LastErrorException;

    int openpty(int[] master, int[] slave, Object name, Object termios, Winsize size) throws LastErrorException;

    int ioctl(int fd, long request, Winsize size) throws LastErrorException;

    int read(int fd, byte[] buffer, long count) throws LastErrorException;

    int write(int fd, byte[] buffer, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String ttyname(int fd);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, byte[] address, int length) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    long TIOCSWINSZ = 0x5414;
    int SIGWINCH = 28;
    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = 0x80000;
    int SHUT_RDWR = 2;

    /** {@code struct winsize}. */
    @com.sun.jna.Structure.FieldOrder({"rows", "cols", "xpixel", "ypixel"})
    class Winsize extends com.sun.jna.Structure {
        public short rows;
        public short cols;
        public short xpixel;
        public short ypixel;

        public Winsize() {
        }

        public Winsize(int cols, int rows) {
            this.cols = (short) Math.max(1, Math.min(cols, Short.MAX_VALUE));
            this.rows = (short) Math.max(1, Math.min(rows, Short.MAX_VALUE));
        }
    }
}
