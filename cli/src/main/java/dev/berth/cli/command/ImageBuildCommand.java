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
 * {@code berth image build debian/12 [--alias A]...}: builds a system-container image on a node with debootstrap and
 * aliases it (by default with the builder's name).
 */
@Command(name = "build", description = "Build an image (debian/12, debian/11) with debootstrap on a node.")
public final class ImageBuildCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "BUILDER", description = "What to build, such as debian/12.")
    String builder;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Alias for the image (default: the builder name).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--public", description = "Make the image public.")
    boolean isPublic;

    @Override
    public Integer call() {
        List<String> names = aliases.isEmpty() ? List.of(builder) : aliases;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", Map.of("type", "build", "builder", builder));
        body.put("public", isPublic);
        body.put("aliases", names.stream().map(a -> Map.of("name", a, "description", "")).toList());
        Operation done = Waiter.await(client(), client().async("POST", "/1.0/images", body), err(),
                "Building " + builder + " (debootstrap takes a minute or two)");
        out().println("Image built with fingerprint: " + done.metadata().get("fingerprint"));
        return 0;
    }
}
