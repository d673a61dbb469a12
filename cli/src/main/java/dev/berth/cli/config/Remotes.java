package dev.berth.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The CLI's image remotes, kept like incus keeps them in {@code config.yml}: {@code remotes: {name: {addr, protocol}}}
 * in {@code $BERTH_CONFIG_DIR/config.yml} (default {@code ~/.config/berth}).
 */
public final class Remotes {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** One remote image server. */
    public record Remote(String addr, String protocol) {
    }

    /** The file's shape. */
    public record Config(Map<String, Remote> remotes) {
        public Config {
            remotes = remotes == null ? new TreeMap<>() : new TreeMap<>(remotes);
        }
    }

    private final Path file;

    public Remotes(Path file) {
        this.file = file;
    }

    public static Remotes fromEnv() {
        String dir = System.getProperty("berth.config-dir", System.getenv("BERTH_CONFIG_DIR"));
        Path base = dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".config", "berth");
        return new Remotes(base.resolve("config.yml"));
    }

    public Config load() {
        if (!Files.isRegularFile(file)) {
            return new Config(null);
        }
        try {
            Config c = YAML.readValue(file.toFile(), Config.class);
            return c == null ? new Config(null) : c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Remote> find(String name) {
        return Optional.ofNullable(load().remotes().get(name));
    }

    public void save(Config config) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            YAML.writeValue(tmp.toFile(), config);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
