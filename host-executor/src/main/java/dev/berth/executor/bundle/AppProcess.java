package dev.berth.executor.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;

/**
 * The process of an application container made from an OCI image: the image keeps the OCI runtime {@code config.json}
 * that umoci wrote from its entrypoint, cmd, env, working dir and user, as Incus keeps it. Berth runs it under tini as
 * PID 1, because the kernel drops unhandled signals to PID 1 and most applications install no handlers.
 */
public record AppProcess(List<String> args, List<String> env, String cwd, int uid, int gid) {
    /** Where tini (Debian's static build) is bind-mounted read-only inside an application container. */
    public static final String INIT_IN_CONTAINER = "/dev/.berth-init";
    public static final Path INIT_ON_HOST = Path.of("/usr/bin/tini-static");

    public AppProcess {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    /** The image's application process, or empty for a system container image (no {@code config.json}). */
    public static Optional<AppProcess> of(Path imageDir) {
        Path config = imageDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            JsonNode process = Json.MAPPER.readTree(config.toFile()).path("process");
            List<String> args = new ArrayList<>();
            process.path("args").forEach(a -> args.add(a.asText()));
            if (args.isEmpty()) {
                throw new IllegalStateException("the image's config.json has no process.args (entrypoint or cmd)");
            }
            List<String> env = new ArrayList<>();
            process.path("env").forEach(e -> env.add(e.asText()));
            return Optional.of(new AppProcess(args, env, process.path("cwd").asText("/"),
                    process.path("user").path("uid").asInt(0), process.path("user").path("gid").asInt(0)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** tini's argv: {@code -g} forwards signals to the whole process group of the application. */
    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(INIT_IN_CONTAINER, "-g", "--"));
        argv.addAll(args);
        return argv;
    }
}
