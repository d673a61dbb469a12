package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.InstanceInfo;
import dev.berth.cli.output.OutputFormat;
import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth info NAME}: {@code GET /1.0/instances/NAME?recursion=1}. */
@Command(name = "info", description = "Show an instance's status, config, PID and memory usage.")
public final class InfoCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-f",
            "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        JsonNode metadata = client().sync("GET", "/1.0/instances/" + LxdClient.segment(name) + "?recursion=1", null);
        if (format != OutputFormat.TABLE) {
            out().print(format.render(metadata));
        } else {
            out().print(InstanceInfo.render(Json.MAPPER.treeToValue(metadata, Instance.class)));
        }
        return 0;
    }
}
