package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.output.OutputFormat;
import dev.berth.cli.output.Sizes;
import dev.berth.cli.output.Table;

/** {@code berth image list}: {@code GET /1.0/images?recursion=1} as {@code incus image list} shows it. */
@Command(name = "list", aliases = "ls", description = "List images.")
public final class ImageListCommand extends ClientCommand {
    @Option(names = {"-f",
            "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() {
        JsonNode images = client().sync("GET", "/1.0/images?recursion=1", null);
        if (format != OutputFormat.TABLE) {
            out().print(format.render(images));
            return 0;
        }
        Table table = new Table(List.of("ALIAS", "FINGERPRINT", "PUBLIC", "DESCRIPTION", "ARCHITECTURE", "TYPE",
                "SIZE", "UPLOAD DATE"));
        for (JsonNode image : images) {
            List<String> aliases = new ArrayList<>();
            image.path("aliases").forEach(a -> aliases.add(a.path("name").asText()));
            table.row(List.of(String.join("\n", aliases).replace('\n', ','),
                    image.path("fingerprint").asText().substring(0, 12),
                    image.path("public").asBoolean() ? "yes" : "no",
                    image.path("properties").path("description").asText(""), image.path("architecture").asText(),
                    image.path("type").asText().toUpperCase(java.util.Locale.ROOT),
                    Sizes.iec(image.path("size").asLong()), image.path("uploaded_at").asText()));
        }
        out().print(table.render());
        return 0;
    }
}
