package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.output.InstanceTable;
import dev.berth.cli.output.OutputFormat;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth list}: {@code GET /1.0/instances?recursion=2} as a table, JSON or YAML. */
@Command(name = "list", aliases = "ls", description = "List instances.")
public final class ListCommand extends ClientCommand {
    @Option(names = {"-f",
            "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        JsonNode metadata = client().sync("GET", "/1.0/instances?recursion=2", null);
        if (format != OutputFormat.TABLE) {
            out().print(format.render(metadata));
            return 0;
        }
        List<Instance> instances = new ArrayList<>();
        for (JsonNode node : metadata) {
            instances.add(Json.MAPPER.treeToValue(node, Instance.class));
        }
        out().print(InstanceTable.render(instances));
        return 0;
    }
}
