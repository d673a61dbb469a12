package dev.berth.executor.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianBuilderTest {

    @Test
    void masksTheGeneratorsAContainerCannotUseAndMarksEtcUpToDate(@TempDir Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("usr"));
        Files.createDirectories(rootfs.resolve("etc"));
        FileTime usr = FileTime.from(Instant.parse("2026-04-27T10:11:12.123456789Z"));
        Files.setLastModifiedTime(rootfs.resolve("usr"), usr);

        DebianBuilder.forContainers(rootfs);
        DebianBuilder.forContainers(rootfs); // a rerun on the same tree is harmless

        for (String generator : DebianBuilder.MASKED_GENERATORS) {
            Path link = rootfs.resolve("etc/systemd/system-generators").resolve(generator);
            assertTrue(Files.isSymbolicLink(link), generator);
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(link));
        }
        // a user's init scripts and rc.local keep working
        for (String kept : List.of("systemd-sysv-generator", "systemd-rc-local-generator")) {
            assertFalse(Files.exists(rootfs.resolve("etc/systemd/system-generators").resolve(kept),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS), kept);
        }
        // a getty on the console, as Incus's images have, only where there is a console
        Path getty = rootfs.resolve("etc/systemd/system/getty.target.wants/console-getty.service");
        assertEquals(Path.of("/lib/systemd/system/console-getty.service"), Files.readSymbolicLink(getty));
        assertTrue(Files.readString(rootfs.resolve("etc/systemd/system/console-getty.service.d/berth-console.conf"))
                .contains("ConditionPathExists=/dev/console"));
        Path updated = rootfs.resolve("etc/.updated");
        assertEquals(usr.to(TimeUnit.NANOSECONDS), Files.getLastModifiedTime(updated).to(TimeUnit.NANOSECONDS));
        assertTrue(Files.readString(updated).contains("TIMESTAMP_NSEC=" + usr.to(TimeUnit.NANOSECONDS) + "\n"));
    }
}
