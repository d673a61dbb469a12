package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.OutputFormat;
import dev.berth.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth storage list|show|create|delete}: {@code /1.0/storage-pools} as {@code lxc storage} drives it. */
@Command(name = "storage", description = "Manage storage pools.", subcommands = {StorageCommand.ListPools.class,
        StorageCommand.Show.class, StorageCommand.Create.class, StorageCommand.Delete.class})
public final class StorageCommand extends CommandGroup {
    static final String POOLS = "/1.0/storage-pools";

    static String path(String pool) {
        return POOLS + "/" + LxdClient.segment(pool);
    }

    /** {@code storage list}: the columns of {@code lxc storage list} on a standalone server. */
    @Command(name = "list", aliases = "ls", description = "List storage pools.")
    static final class ListPools extends ClientCommand {
        @Option(names = {"-f",
                "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        @Override
        public Integer call() {
            JsonNode pools = client().sync("GET", POOLS + "?recursion=1", null);
            if (format != OutputFormat.TABLE) {
                out().print(format.render(pools));
                return 0;
            }
            List<JsonNode> sorted = new ArrayList<>();
            pools.forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.path("name").asText()));
            Table table = new Table(List.of("NAME", "DRIVER", "SOURCE", "DESCRIPTION", "USED BY", "STATE"));
            for (JsonNode p : sorted) {
                table.row(List.of(p.path("name").asText(), p.path("driver").asText(""),
                        p.path("config").path("source").asText(""), p.path("description").asText(""),
                        Integer.toString(p.path("used_by").size()),
                        p.path("status").asText("").toUpperCase(Locale.ROOT)));
            }
            out().print(table.render());
            return 0;
        }
    }

    /** {@code storage show POOL}: the pool as YAML. */
    @Command(name = "show", description = "Show a storage pool as YAML.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "POOL")
        String pool;

        @Override
        public Integer call() {
            out().print(OutputFormat.YAML.render(client().sync("GET", path(pool), null)));
            return 0;
        }
    }

    /** {@code storage create POOL DRIVER [KEY=VALUE...]}. */
    @Command(name = "create", description = "Create a storage pool.")
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Parameters(index = "1", paramLabel = "DRIVER", description = "dir, btrfs, overlay, ...")
        String driver;

        @Parameters(index = "2..*", paramLabel = "KEY=VALUE", description = "Pool config, such as source=/path.")
        List<String> config = List.of();

        @Option(names = "--description", paramLabel = "TEXT", description = "The pool's description.")
        String description = "";

        @Override
        public Integer call() {
            Waiter.await(client(), client().async("POST", POOLS, request()), err(), "Creating " + pool);
            out().println("Storage pool " + pool + " created");
            return 0;
        }

        /** The {@code StoragePoolsPost} body. */
        Map<String, Object> request() {
            Map<String, String> values = KeyValues.pairs(config);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", pool);
            body.put("driver", driver);
            body.put("description", description);
            body.put("config", values);
            return body;
        }
    }

    /** {@code storage delete POOL}; the server refuses a pool that is in use. */
    @Command(name = "delete", aliases = "rm", description = "Delete a storage pool.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "POOL")
        String pool;

        @Override
        public Integer call() {
            Waiter.await(client(), client().async("DELETE", path(pool), null), err(), "Deleting " + pool);
            out().println("Storage pool " + pool + " deleted");
            return 0;
        }
    }
}
