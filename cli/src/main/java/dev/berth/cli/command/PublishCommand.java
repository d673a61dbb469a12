package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.berth.contracts.lxd.Operation;

/**
 * {@code berth publish INSTANCE [--alias A]... [--public] [--compression C] [key=value]...}: makes an image of a stopped
 * instance, as {@code incus publish} does.
 */
@Command(name = "publish", description = "Publish a stopped instance as an image.")
public final class PublishCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Image properties.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Alias for the new image (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--public", description = "Make the image public.")
    boolean isPublic;

    @Option(names = "--compression", paramLabel = "gzip|xz|zstd|bzip2|none", description = "Compression (default: gzip).")
    String compression;

    @Override
    public Integer call() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new dev.berth.cli.http.LxdException(400, "Bad property \"" + p + "\": expected key=value");
            }
            props.put(p.substring(0, eq), p.substring(eq + 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", Map.of("type", "instance", "name", instance));
        body.put("public", isPublic);
        body.put("properties", props);
        body.put("aliases", aliases.stream().map(a -> Map.of("name", a, "description", "")).toList());
        if (compression != null) {
            body.put("compression_algorithm", compression);
        }
        Operation done = Waiter.await(client(), client().async("POST", "/1.0/images", body), err(),
                "Publishing " + instance);
        out().println("Instance published with fingerprint: " + done.metadata().get("fingerprint"));
        return 0;
    }
}
