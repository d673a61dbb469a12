package dev.berth.executor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.contracts.config.IdMap;

class IdShifterTest {
    private static final Optional<IdMap> MAP = Optional.of(IdMap.DEFAULT);

    @Test
    void shouldMoveIdsIntoTheMapAndBackKeepingSetuidWhenShifted(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        // Given a layer as a privileged container left it: a setuid root binary, a user's file, a symlink
        Path bin = Files.writeString(dir.resolve("su"), "binary");
        Files.setAttribute(bin, "unix:mode", 04755);
        Path home = Files.writeString(dir.resolve("notes"), "mine");
        Files.setAttribute(home, "unix:uid", 1000);
        Files.setAttribute(home, "unix:gid", 100);
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("su"));

        // When it is shifted into the default map
        IdShifter.shift(dir, Optional.empty(), MAP);

        // Then every id moved by 1000000 and chown did not cost the setuid bit
        assertThat(attr(bin, "uid")).isEqualTo(1_000_000);
        assertThat(attr(bin, "mode") & 07777).isEqualTo(04755);
        assertThat(attr(home, "uid")).isEqualTo(1_001_000);
        assertThat(attr(home, "gid")).isEqualTo(1_000_100);
        assertThat(attr(link, "uid")).isEqualTo(1_000_000);
        assertThat(attr(dir, "uid")).isEqualTo(1_000_000);
        assertThat(IdShifter.toContainer(1_001_000, MAP)).isEqualTo(1000);
        assertThat(IdShifter.toContainer(5, MAP)).isEqualTo(5);

        // When shifted back
        IdShifter.shift(dir, MAP, Optional.empty());

        // Then it is as it was
        assertThat(attr(bin, "uid")).isZero();
        assertThat(attr(bin, "mode") & 07777).isEqualTo(04755);
        assertThat(attr(home, "uid")).isEqualTo(1000);
    }

    private static int attr(Path p, String name) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }
}
