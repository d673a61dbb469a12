package dev.berth.image.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lays out the built-in busybox image: its metadata and the rootfs entries. */
public final class BusyboxImageLayout {
    public static final String ALIAS = "busybox";
    private static final String BINARY = "bin/busybox";
    /** A shell on the console once someone presses Enter there ({@code lxc console}), as busybox's default does. */
    private static final String INITTAB = "::sysinit:/bin/true\n::askfirst:-/bin/sh\n::shutdown:/bin/true\n";

    private BusyboxImageLayout() {
    }

    public static ImageMetadata metadata(BusyboxInfo busybox, String architecture) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("os", "busybox");
        properties.put("release", busybox.version());
        properties.put("architecture", architecture);
        properties.put("description",
                "busybox " + busybox.version() + " (built by Berth from the host's busybox-static)");
        properties.put("variant", "default");
        return new ImageMetadata(architecture, busybox.epochSeconds(), properties);
    }

    public static String filename(BusyboxInfo busybox) {
        return "busybox-" + busybox.version() + ".tar.gz";
    }

    /** Every entry of the tarball: {@code metadata.yaml}, then {@code rootfs/} with all parent directories. */
    public static List<TarEntry> entries(BusyboxInfo busybox, ImageMetadata metadata) {
        Map<String, TarEntry> rootfs = new TreeMap<>();
        for (String dir : List.of("dev", "proc", "sys", "run", "etc", "var", "var/log")) {
            rootfs.put(dir, new TarEntry.Directory(dir, 0755));
        }
        rootfs.put("tmp", new TarEntry.Directory("tmp", 01777));
        rootfs.put("root", new TarEntry.Directory("root", 0700));
        rootfs.put(BINARY, new TarEntry.HostFile(BINARY, 0755, busybox.binary()));
        for (String applet : busybox.applets()) {
            String path = trimSlashes(applet);
            if (!path.isEmpty()) {
                rootfs.putIfAbsent(path, new TarEntry.Symlink(path, "/" + BINARY));
            }
        }
        text(rootfs, "etc/inittab", INITTAB);
        text(rootfs, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        text(rootfs, "etc/group", "root:x:0:\n");
        text(rootfs, "etc/hostname", "busybox\n");
        addParents(rootfs);

        List<TarEntry> entries = new ArrayList<>();
        entries.add(new TarEntry.Content("metadata.yaml", 0644, metadata.toYaml().getBytes(StandardCharsets.UTF_8)));
        entries.add(new TarEntry.Directory("rootfs", 0755));
        rootfs.values().forEach(e -> entries.add(prefixed(e)));
        return entries;
    }

    private static void text(Map<String, TarEntry> rootfs, String path, String content) {
        rootfs.put(path, new TarEntry.Content(path, 0644, content.getBytes(StandardCharsets.UTF_8)));
    }

    private static void addParents(Map<String, TarEntry> rootfs) {
        for (String path : List.copyOf(rootfs.keySet())) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                rootfs.putIfAbsent(parent, new TarEntry.Directory(parent, 0755));
            }
        }
    }

    private static TarEntry prefixed(TarEntry e) {
        String path = "rootfs/" + e.path();
        if (e instanceof TarEntry.Directory d) {
            return new TarEntry.Directory(path, d.mode());
        } else if (e instanceof TarEntry.Content c) {
            return new TarEntry.Content(path, c.mode(), c.bytes());
        } else if (e instanceof TarEntry.HostFile f) {
            return new TarEntry.HostFile(path, f.mode(), f.source());
        } else if (e instanceof TarEntry.Symlink s) {
            return new TarEntry.Symlink(path, s.target());
        }
        throw new IllegalStateException("unknown entry " + e);
    }

    private static String trimSlashes(String path) {
        String p = path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
