package dev.berth.executor.config;

import java.nio.file.Path;

/** The files of one container: its bundle dir under the state dir plus conmon's exit file and socket entry. */
public record ContainerLayout(String containerId, Path dir, Path exitFile, Path socksEntry) {
    /** What conmon makes in the bundle and does not remove: the attach socket and the resize and control fifos. */
    public static final java.util.List<String> CONMON_LEFTOVERS = java.util.List.of("attach", "ctl", "winsz");

    /** conmon's attach socket, through the short socket-dir entry (a bundle path may exceed sun_path). */
    public Path attachSocket() {
        return socksEntry.resolve("attach");
    }

    /** conmon's control fifo: {@code "1 HEIGHT WIDTH\n"} resizes the console. */
    public Path controlFifo() {
        return dir.resolve("ctl");
    }

    /** The container's own layer ({@code upper}, {@code work}) and the id map it is stored in. */
    public Path disk() {
        return dir.resolve("disk");
    }

    /** A snapshot's copy of {@link #disk()}. */
    public Path snapshotDisk(String snapshot) {
        return dir.resolve("snapshots").resolve(snapshot).resolve("disk");
    }

    public Path upper() {
        return disk().resolve("upper");
    }

    public Path work() {
        return disk().resolve("work");
    }

    /** Where an unprivileged container's image rootfs is bind-mounted with its ids shifted. */
    public Path shiftedLower() {
        return dir.resolve("mnt").resolve("lower");
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public Path configJson() {
        return dir.resolve("config.json");
    }

    public Path specJson() {
        return dir.resolve("spec.json");
    }

    public Path ctrPid() {
        return dir.resolve("ctr.pid");
    }

    public Path conmonPid() {
        return dir.resolve("conmon.pid");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** The last exit code Berth recorded, so stopping a stopped container can report it again. */
    public Path lastExit() {
        return dir.resolve("last-exit");
    }
}
