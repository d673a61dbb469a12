package dev.berth.executor.storage.volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.berth.executor.service.Trees;

/** Finds and removes what a test may leave in the kernel: mounts below its temp dir and loop devices on its files. */
final class Leftovers {
    private Leftovers() {
    }

    /** Mount points below {@code dir} and loop devices backed by files below it, as readable lines. */
    static List<String> find(Path dir) {
        List<String> found = new ArrayList<>();
        MountTable.under(dir).forEach(p -> found.add("mount " + p));
        loopDevices(dir).forEach(d -> found.add("loop " + d));
        return found;
    }

    /** Unmounts, detaches and deletes everything below {@code dir}, and {@code dir} itself. */
    static void clean(Path dir) {
        MountTable.under(dir).stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .forEach(p -> Tools.tryRun(Tools.SHORT, "umount", "-l", p.toString()));
        loopDevices(dir).forEach(d -> Tools.tryRun(Tools.SHORT, "losetup", "-d", d));
        Trees.delete(dir);
    }

    private static List<String> loopDevices(Path dir) {
        String out = Tools.run(Tools.SHORT, "losetup", "--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE")
                .stdout();
        Path root = dir.toAbsolutePath().normalize();
        List<String> devices = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] fields = line.strip().split(" ", 2);
            if (fields.length == 2 && Path.of(fields[1]).startsWith(root)) {
                devices.add(fields[0]);
            }
        }
        return devices;
    }
}
