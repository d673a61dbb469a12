package dev.berth.executor.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.berth.executor.proc.Exec;
import dev.berth.executor.service.Trees;

/**
 * Builds a Debian system-container image with debootstrap: minbase plus systemd-sysv, iproute2 and dbus, cleaned
 * (empty machine-id, no apt caches or lists, no host resolv.conf) and laid out as an LXD image directory:
 * {@code metadata.yaml}, {@code templates/} and {@code rootfs/}.
 */
final class DebianBuilder {
    private static final Logger LOG = Logger.getLogger(DebianBuilder.class);
    /** Debian releases by number, as users type them after {@code debian/}. */
    static final Map<String, String> SUITES = Map.of("12", "bookworm", "11", "bullseye");
    private static final String PACKAGES = "systemd-sysv,iproute2,dbus";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    /**
     * Generators that can do nothing in a container but still cost an exec each at every boot: each links
     * libsystemd-shared (~20 ms of CPU here), and systemd loads no unit before all generators are done. There are no
     * block devices, crypttab, hibernation or offline updates (gpt-auto exits at once in one); the kernel command
     * line that debug and run read is the host's business; getty's one job in a container, a getty on
     * {@code /dev/console}, is done by {@link #CONSOLE_GETTY} without a generator, and there are no
     * {@code container_ttys}; and fstab has nothing to mount, since the image's fstab is empty
     * and the runtime mounts every disk device itself, as LXD does. sysv and rc-local stay: a user's init scripts and
     * rc.local must keep working. Measured by hand with runc on this image: the generators took 126 ms of a 723 ms
     * boot with only the first six masked, 48 ms with these ten.
     */
    static final List<String> MASKED_GENERATORS = List.of("systemd-cryptsetup-generator",
            "systemd-integritysetup-generator", "systemd-veritysetup-generator", "systemd-gpt-auto-generator",
            "systemd-hibernate-resume-generator", "systemd-system-update-generator", "systemd-debug-generator",
            "systemd-run-generator", "systemd-getty-generator", "systemd-fstab-generator");

    /**
     * The login prompt on {@code incus console}, as Incus's images give one: systemd-getty-generator enables
     * {@code console-getty.service} in any container, here it is enabled in the image (the generator stays masked).
     * The runtime makes {@code /dev/console} only for an init with a terminal ({@code berth.executor.console-terminal},
     * on by default); without one the getty would fail and restart until the system is degraded, so it is skipped.
     */
    static final String CONSOLE_GETTY = "console-getty.service";
    static final String CONSOLE_GETTY_DROP_IN = "[Unit]\n"
            + "# Berth makes /dev/console only for an init started with a terminal\n"
            + "ConditionPathExists=/dev/console\n";

    private final String mirror;
    private final Path packageCache;

    DebianBuilder(String mirror, Path packageCache) {
        this.mirror = mirror;
        this.packageCache = packageCache;
    }

    /** Fills {@code dir} (which must be empty) with the image; the caller removes it afterwards. */
    void build(String release, Path dir, Instant now) {
        String suite = SUITES.get(release);
        if (suite == null) {
            throw new BuildFailed(400, "Unknown Debian release \"" + release + "\": use one of " + SUITES.keySet());
        }
        Path rootfs = dir.resolve("rootfs");
        long t0 = System.nanoTime();
        List<String> command = new java.util.ArrayList<>(List.of("debootstrap", "--variant=minbase",
                "--include=" + PACKAGES));
        if (packageCache != null) {
            try {
                Files.createDirectories(packageCache);
                command.add("--cache-dir=" + packageCache.toAbsolutePath());
            } catch (IOException e) {
                LOG.warnf("no debootstrap package cache: %s", e.toString());
            }
        }
        command.addAll(List.of(suite, rootfs.toString(), mirror));
        Exec.run(command, TIMEOUT).orThrow("debootstrap " + suite);
        LOG.infof("debootstrap %s took %.1f s", suite, (System.nanoTime() - t0) / 1e9);
        try {
            clean(rootfs);
            writeMetadata(dir, suite, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the " + suite + " rootfs: " + e.getMessage(), e);
        }
    }

    private static void clean(Path rootfs) throws IOException {
        for (String cache : List.of("var/cache/apt/archives", "var/lib/apt/lists")) {
            try (var files = Files.list(rootfs.resolve(cache))) {
                for (Path p : files.toList()) {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(p);
                    }
                }
            }
        }
        try (var bins = Files.list(rootfs.resolve("var/cache/apt"))) {
            for (Path p : bins.filter(p -> p.toString().endsWith(".bin")).toList()) {
                Files.delete(p);
            }
        }
        Trees.delete(rootfs.resolve("var/log/bootstrap.log"));
        // debootstrap creates device nodes; the runtime gives every container its own /dev, so the image keeps none
        try (var dev = Files.list(rootfs.resolve("dev"))) {
            for (Path p : dev.toList()) {
                Trees.delete(p);
            }
        }
        // every instance generates its own machine-id on first boot
        Files.writeString(rootfs.resolve("etc/machine-id"), "");
        Files.deleteIfExists(rootfs.resolve("var/lib/dbus/machine-id"));
        Files.writeString(rootfs.resolve("etc/hostname"), "debian\n");
        Files.writeString(rootfs.resolve("etc/hosts"), hosts("debian"));
        Files.deleteIfExists(rootfs.resolve("etc/resolv.conf"));
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "");
        forContainers(rootfs);
    }

    /**
     * What a container's boot need not do, as LXD's image builder trims its images: mask the generators that have
     * nothing to generate in a container, and mark /etc as up to date for this /usr, so every instance's first boot
     * does not rerun {@code systemd-sysusers} ({@code ConditionNeedsUpdate=/etc}): the packages' postinsts have
     * already created their users.
     */
    static void forContainers(Path rootfs) throws IOException {
        Path generators = Files.createDirectories(rootfs.resolve("etc/systemd/system-generators"));
        for (String generator : MASKED_GENERATORS) {
            Path link = generators.resolve(generator);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("/dev/null"));
        }
        Path wants = Files.createDirectories(rootfs.resolve("etc/systemd/system/getty.target.wants"));
        Path getty = wants.resolve(CONSOLE_GETTY);
        Files.deleteIfExists(getty);
        Files.createSymbolicLink(getty, Path.of("/lib/systemd/system", CONSOLE_GETTY));
        Path dropIn = Files.createDirectories(rootfs.resolve("etc/systemd/system/" + CONSOLE_GETTY + ".d"));
        Files.writeString(dropIn.resolve("berth-console.conf"), CONSOLE_GETTY_DROP_IN);
        // as systemd-update-done writes it: /usr's mtime, as the file's mtime and in nanoseconds in the file
        FileTime usr = Files.getLastModifiedTime(rootfs.resolve("usr"));
        Path updated = rootfs.resolve("etc/.updated");
        Files.writeString(updated, "# This file was created by systemd-update-done. Its only\n"
                + "# purpose is to hold a timestamp of the time this directory\n"
                + "# was updated. See man:systemd-update-done.service(8).\n"
                + "TIMESTAMP_NSEC=" + usr.to(TimeUnit.NANOSECONDS) + "\n");
        Files.setLastModifiedTime(updated, usr);
    }

    private static void writeMetadata(Path dir, String suite, Instant now) throws IOException {
        String serial = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm").withZone(ZoneOffset.UTC).format(now);
        Files.writeString(dir.resolve("metadata.yaml"), """
                architecture: x86_64
                creation_date: %d
                stop_signal: "37"
                properties:
                  architecture: amd64
                  description: Debian %s amd64 (berth %s)
                  os: debian
                  release: %s
                  serial: "%s"
                  variant: default
                templates:
                  /etc/hostname:
                    when: [create, copy]
                    template: hostname.tpl
                  /etc/hosts:
                    when: [create, copy]
                    template: hosts.tpl
                """.formatted(now.getEpochSecond(), suite, serial, suite, serial));
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("hostname.tpl"), "{{ instance.name }}\n");
        Files.writeString(templates.resolve("hosts.tpl"), hosts("{{ instance.name }}"));
    }

    private static String hosts(String name) {
        return "127.0.0.1\tlocalhost\n127.0.1.1\t" + name + "\n\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
    }
}
