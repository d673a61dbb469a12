package dev.berth.executor.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * overlayfs, mounted with the mount(2) and umount2(2) system calls: a {@code mount} process costs several
 * milliseconds on the launch path, the system call well under one.
 */
public final class OverlayDriver implements StorageDriver {
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public void mount(Path lower, Path upper, Path work, Path target) {
        if (isMounted(target)) {
            return;
        }
        String options = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        try {
            LibC.INSTANCE.mount("overlay", target.toString(), "overlay", new NativeLong(0), options);
        } catch (LastErrorException e) {
            throw new IllegalStateException("mount overlay on " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void mountReadOnly(java.util.List<Path> lowers, Path target) {
        if (isMounted(target)) {
            return;
        }
        String options = "lowerdir=" + String.join(":", lowers.stream().map(Path::toString).toList());
        try {
            LibC.INSTANCE.mount("overlay", target.toString(), "overlay", new NativeLong(1), options);
        } catch (LastErrorException e) {
            throw new IllegalStateException("mount read-only overlay on " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void bind(Path source, Path target) {
        if (isMounted(target)) {
            return;
        }
        try {
            LibC.INSTANCE.mount(source.toString(), target.toString(), null, new NativeLong(MS_BIND | MS_REC), null);
        } catch (LastErrorException e) {
            throw new IllegalStateException("bind mount of " + source + " on " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unmount(Path target) {
        if (!isMounted(target)) {
            return;
        }
        try {
            LibC.INSTANCE.umount2(target.toString(), 0);
        } catch (LastErrorException e) {
            throw new IllegalStateException("umount " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isMounted(Path target) {
        String wanted = target.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** The two glibc calls this driver needs; a -1 return becomes a {@link LastErrorException} carrying errno. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int mount(String source, String target, String fstype, NativeLong flags, String data)
                throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;
    }
}
