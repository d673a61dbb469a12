package dev.berth.executor.storage.volume;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.executor.service.Trees;

/**
 * Prints how long each driver takes to create, snapshot, restore, copy and delete a volume of a tiny image and of
 * a ~280MB one (a JDK plus perl's many small files). Not a pass/fail test: it runs only with
 * {@code -Dberth.volume.timings=true}.
 */
class VolumeTimingsIT {
    private static final int ROUNDS = 3;
    private Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Boolean.getBoolean("berth.volume.timings"), "set -Dberth.volume.timings=true to run");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        tmp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "volume-t");
    }

    @AfterEach
    void tearDown() {
        if (tmp != null) {
            Leftovers.clean(tmp);
        }
    }

    @Test
    void shouldPrintTimingsWhenAsked() throws IOException {
        Path tiny = ImageTree.build(tmp.resolve("tiny"));
        Path big = tmp.resolve("big");
        Files.createDirectories(big.resolve("usr/share"));
        Tools.copyTree(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), big.resolve("usr/jdk"));
        Tools.copyTree(Path.of("/usr/share/perl"), big.resolve("usr/share/perl"));
        System.out.println("big image: " + ImageTree.sh("du -sh . | cut -f1; find . | wc -l", big).replace('\n', ' '));
        for (String driver : List.of("dir", "overlay", "btrfs")) {
            time(driver, "tiny", tiny);
            time(driver, "big", big);
        }
    }

    private void time(String driverName, String imageName, Path image) {
        Map<String, String> config = driverName.equals("btrfs") ? Map.of("size", "3GiB") : Map.of();
        Path poolDir = tmp.resolve("pool-" + driverName + "-" + imageName);
        VolumeDriver driver = VolumeDrivers.create(driverName, "default", poolDir, config);
        Map<String, List<Long>> times = new java.util.LinkedHashMap<>();
        try {
            measure(times, "open (new pool)", () -> driver.open());
            for (int i = 0; i < ROUNDS; i++) {
                String v = "c" + i;
                measure(times, i == 0 ? "create (first)" : "create", () -> create(driver, v, image));
                measure(times, "snapshot", () -> driver.snapshot(v, "s0"));
                measure(times, "restore", () -> driver.restore(v, "s0"));
                measure(times, "copy", () -> driver.copy(v, Optional.of("s0"), v + "-copy"));
                measure(times, "delete", () -> {
                    driver.delete(v);
                    driver.delete(v + "-copy");
                });
            }
        } finally {
            driver.destroy();
            Trees.delete(poolDir);
        }
        StringBuilder line = new StringBuilder(String.format("%-8s %-5s", driverName, imageName));
        times.forEach((op, ms) -> line.append(String.format(" | %s %s", op, ms)));
        System.out.println(line);
    }

    private static void create(VolumeDriver driver, String volume, Path image) {
        driver.create(volume, image, VolumeNames.imageKeyOf(image), OptionalLong.empty());
    }

    private static void measure(Map<String, List<Long>> times, String op, Runnable step) {
        LongSupplier now = System::nanoTime;
        long start = now.getAsLong();
        step.run();
        times.computeIfAbsent(op, k -> new ArrayList<>()).add((now.getAsLong() - start) / 1_000_000);
    }
}
