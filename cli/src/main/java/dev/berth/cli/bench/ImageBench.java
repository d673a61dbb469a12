package dev.berth.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.Operation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/images}: import throughput of a large image, first launch from an uncached image against a cached one,
 * and the time to publish a Debian container. Prints one JSON object.
 */
@Command(name = "bench/images", mixinStandardHelpOptions = true, description = "Image store benchmark against the running stack on $BERTH_SOCKET.")
public final class ImageBench implements Callable<Integer> {
    @Option(names = "--size-mb", defaultValue = "200", description = "Size of the imported image (default: ${DEFAULT-VALUE}).")
    int sizeMb;

    @Option(names = "--debian", defaultValue = "true", negatable = true, description = "Also publish a Debian container (builds debian/12 if missing).")
    boolean debian;

    private final PrintStream log = System.err;
    private LxdClient client;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImageBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        client = LxdClient.fromEnv();
        Map<String, Object> report = new LinkedHashMap<>();
        Path tarball = Files.createTempFile("berth-bench-image", ".tar");
        String fingerprint = null;
        try {
            writeImage(tarball);
            long bytes = Files.size(tarball);
            long t0 = System.nanoTime();
            Operation op;
            try (InputStream in = Files.newInputStream(tarball)) {
                op = client.uploadImage(Map.of("Content-Type", "application/octet-stream", "X-Incus-filename",
                        "bench.tar"), in, bytes);
            }
            fingerprint = String.valueOf(client.waitSuccess(op, 600).metadata().get("fingerprint"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.put("import", Map.of("bytes", bytes, "seconds", round(seconds), "mb_per_s",
                    round(bytes / 1e6 / seconds)));
            log.printf("bench: imported %d MB in %.1f s%n", bytes >> 20, seconds);
            report.put("launch_uncached_ms", round(launchAndDelete("bench-img-0", fingerprint)));
            List<Double> cached = new java.util.ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                cached.add(launchAndDelete("bench-img-" + i, fingerprint));
            }
            cached.sort(null);
            report.put("launch_cached_ms", round(cached.get(1)));
            if (debian) {
                report.put("debian", debianPublish());
            }
        } finally {
            Files.deleteIfExists(tarball);
            if (fingerprint != null) {
                client.waitSuccess(client.async("DELETE", "/1.0/images/" + fingerprint, null), 120);
            }
        }
        System.out.println(Json.MAPPER.writeValueAsString(report));
        return 0;
    }

    /** busybox's rootfs (from its export) plus {@code sizeMb} of incompressible bytes, as a plain tar. */
    private void writeImage(Path target) throws Exception {
        String busybox = client.sync("GET", "/1.0/images/aliases/busybox", null).path("target").asText();
        Path exported = Files.createTempFile("berth-bench-busybox", ".tar.gz");
        try {
            try (OutputStream out = Files.newOutputStream(exported)) {
                client.download("/1.0/images/" + busybox + "/export", out);
            }
            try (InputStream raw = new CompressorStreamFactory().createCompressorInputStream(
                    new java.io.BufferedInputStream(Files.newInputStream(exported)));
                    TarArchiveInputStream in = new TarArchiveInputStream(raw);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(target))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    tar.putArchiveEntry(e);
                    if (e.isFile()) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
                TarArchiveEntry payload = new TarArchiveEntry("rootfs/payload.bin");
                payload.setSize((long) sizeMb << 20);
                tar.putArchiveEntry(payload);
                SplittableRandom random = new SplittableRandom(42);
                byte[] buf = new byte[1 << 20];
                for (int i = 0; i < sizeMb; i++) {
                    for (int j = 0; j < buf.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            buf[j + k] = (byte) (v >>> (8 * k));
                        }
                    }
                    tar.write(buf);
                }
                tar.closeArchiveEntry();
                TarArchiveEntry marker = new TarArchiveEntry("rootfs/etc/bench");
                byte[] text = "bench\n".getBytes(StandardCharsets.UTF_8);
                marker.setSize(text.length);
                tar.putArchiveEntry(marker);
                tar.write(text);
                tar.closeArchiveEntry();
            }
        } finally {
            Files.deleteIfExists(exported);
        }
    }

    private double launchAndDelete(String name, String fingerprint) {
        long t0 = System.nanoTime();
        client.waitSuccess(client.createInstance(post(name, null, fingerprint)), 600);
        double ms = (System.nanoTime() - t0) / 1e6;
        client.waitSuccess(client.changeState(name, "stop", true, -1), 120);
        client.waitSuccess(client.deleteInstance(name), 120);
        log.printf("bench: launched %s in %.1f ms%n", name, ms);
        return ms;
    }

    private Map<String, Object> debianPublish() {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            client.sync("GET", "/1.0/images/aliases/debian%2F12", null);
        } catch (LxdException e) {
            log.println("bench: building debian/12 (debootstrap)...");
            long t0 = System.nanoTime();
            client.waitSuccess(client.async("POST", "/1.0/images", Map.of("source", Map.of("type", "build",
                    "builder", "debian/12"), "aliases", List.of(Map.of("name", "debian/12")))), 1800);
            out.put("build_s", round((System.nanoTime() - t0) / 1e9));
        }
        String name = "bench-debian";
        client.waitSuccess(client.createInstance(post(name, "debian/12", null)), 600);
        String published = null;
        try {
            client.waitSuccess(client.changeState(name, "stop", false, 30), 120);
            long t0 = System.nanoTime();
            Operation done = client.waitSuccess(client.async("POST", "/1.0/images", Map.of("source",
                    Map.of("type", "instance", "name", name))), 1800);
            out.put("publish_s", round((System.nanoTime() - t0) / 1e9));
            published = String.valueOf(done.metadata().get("fingerprint"));
            JsonNode image = client.sync("GET", "/1.0/images/" + published, null);
            out.put("published_bytes", image.path("size").asLong());
        } finally {
            client.waitSuccess(client.deleteInstance(name), 120);
            if (published != null) {
                client.waitSuccess(client.async("DELETE", "/1.0/images/" + published, null), 120);
            }
        }
        return out;
    }

    private static InstancesPost post(String name, String alias, String fingerprint) {
        return new InstancesPost(name, "container", true, Map.of(), Map.of(), null, false, "", "", "",
                new InstancesPost.InstanceSource("image", alias, fingerprint, null, null, null));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
