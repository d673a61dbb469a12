package dev.berth.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.OutputFormat;

/** {@code berth image info IMAGE}: one image record, by alias or fingerprint prefix. */
@Command(name = "info", aliases = "show", description = "Show an image.")
public final class ImageInfoCommand extends ClientCommand {
    @Parameters(paramLabel = "IMAGE", description = "Alias or fingerprint (prefix).")
    String image;

    @Option(names = {"-f",
            "--format"}, defaultValue = "yaml", paramLabel = "json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        String fingerprint = ImageRefs.fingerprint(client(), image);
        out().print((format == OutputFormat.TABLE ? OutputFormat.YAML : format)
                .render(client().sync("GET", "/1.0/images/" + LxdClient.segment(fingerprint), null)));
        return 0;
    }
}
