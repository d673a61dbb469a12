package dev.berth.executor.exec;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls an exec needs that Java lacks: any signal to a child, and a pseudo-terminal. */
interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int kill(int pid, int signal) throws LastErrorException;

    int openpty(int[] master, int[] slave, Object name, Object termios, Winsize size) throws LastErrorException;

    int ioctl(int fd, long request, Winsize size) throws LastErrorException;

    int read(int fd, byte[] buffer, long count) throws LastErrorException;

    int write(int fd, byte[] buffer, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String ttyname(int fd);

    long TIOCSWINSZ = 0x5414;
    int SIGWINCH = 28;

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
