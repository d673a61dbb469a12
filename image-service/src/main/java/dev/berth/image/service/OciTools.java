package dev.berth.image.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.InvalidRequestException;

/**
 * Runs skopeo, umoci and tar for an OCI import inside its scratch directory, each under a timeout. A tool that fails
 * on the archive is the archive's fault (400, with the tool's last words); a missing tool is the host's (500).
 */
final class OciTools {
    private static final int TAIL = 600;

    private final BerthConfig.Oci config;
    private final Path work;

    /** {@code work} must be absolute: the tools run in it. */
    OciTools(BerthConfig.Oci config, Path work) {
        this.config = config;
        this.work = work;
    }

    /** Normalises the archive to {@code <work>/oci:latest}: OCI media types, gzip layers (umoci reads no zstd). */
    void copyToLayout(Path archive, boolean docker, Path layout) throws IOException {
        String source = (docker ? "docker-archive:" : "oci-archive:") + archive.toAbsolutePath();
        run("skopeo copy", List.of(config.skopeo(), "--insecure-policy", "copy", "-q", "--dest-compress-format",
                "gzip", source, "oci:" + layout + ":latest"));
    }

    /** Applies the layers to {@code rootfs} and writes the runtime {@code config.json} (entrypoint, env, user). */
    void unpack(Path layout, Path rootfs, Path runtimeConfig) throws IOException {
        String image = layout + ":latest";
        run("umoci unpack", List.of(config.umoci(), "raw", "unpack", "--keep-dirlinks", "--image", image,
                rootfs.toString()));
        run("umoci runtime-config", List.of(config.umoci(), "raw", "runtime-config", "--image", image, "--rootfs",
                rootfs.toString(), runtimeConfig.toString()));
    }

    /** Packs {@code dir}'s {@code names} into a gzip (level 1: twice as fast as the default) tarball. */
    void pack(Path dir, List<String> names, Path tarball) throws IOException {
        List<String> command = new ArrayList<>(List.of(config.tar(), "--numeric-owner", "-I", "gzip -1", "-C",
                dir.toAbsolutePath().toString(), "-cf", tarball.toAbsolutePath().toString()));
        command.addAll(names);
        run("tar", command);
    }

    private void run(String what, List<String> command) throws IOException {
        Path log = Files.createTempFile(work, ".tool-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("TMPDIR", work.toString()); // skopeo extracts oci-archives there
            Process process = builder.start();
            if (!finished(process)) {
                throw new InvalidRequestException("Invalid OCI image: " + what + " did not finish within "
                        + human(config.timeout()));
            }
            if (process.exitValue() != 0) {
                throw new InvalidRequestException("Invalid OCI image: " + what + " failed (exit "
                        + process.exitValue() + "): " + tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Waits up to the timeout; kills the tool and its children when it is exceeded. */
    private boolean finished(Process process) throws IOException {
        try {
            if (process.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command(process), e);
        }
    }

    private static String command(Process process) {
        return process.info().command().orElse("a tool");
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log).strip();
        return text.length() <= TAIL ? text : "..." + text.substring(text.length() - TAIL);
    }
}
