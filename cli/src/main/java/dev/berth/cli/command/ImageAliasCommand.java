package dev.berth.cli.command;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.Table;

/** {@code berth image alias create|delete|rename|list}: {@code /1.0/images/aliases}. */
@Command(name = "alias", description = "Manage image aliases.", subcommands = {ImageAliasCommand.Create.class,
        ImageAliasCommand.Delete.class, ImageAliasCommand.Rename.class, ImageAliasCommand.ListAliases.class})
public final class ImageAliasCommand extends CommandGroup {
    /** {@code alias create NAME IMAGE}. */
    @Command(name = "create", description = "Create an alias.")
    public static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ALIAS")
        String name;

        @Parameters(index = "1", paramLabel = "IMAGE", description = "Fingerprint (prefix) or another alias.")
        String image;

        @Override
        public Integer call() {
            client().sync("POST", "/1.0/images/aliases", Map.of("name", name, "target",
                    ImageRefs.fingerprint(client(), image), "description", ""));
            return 0;
        }
    }

    /** {@code alias delete NAME}. */
    @Command(name = "delete", aliases = "rm", description = "Delete an alias.")
    public static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "ALIAS")
        String name;

        @Override
        public Integer call() {
            client().sync("DELETE", "/1.0/images/aliases/" + LxdClient.segment(name), null);
            return 0;
        }
    }

    /** {@code alias rename OLD NEW}. */
    @Command(name = "rename", aliases = "mv", description = "Rename an alias.")
    public static final class Rename extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ALIAS")
        String name;

        @Parameters(index = "1", paramLabel = "NEW")
        String newName;

        @Override
        public Integer call() {
            client().sync("POST", "/1.0/images/aliases/" + LxdClient.segment(name), Map.of("name", newName));
            return 0;
        }
    }

    /** {@code alias list}. */
    @Command(name = "list", aliases = "ls", description = "List aliases.")
    public static final class ListAliases extends ClientCommand {
        @Override
        public Integer call() {
            Table table = new Table(List.of("ALIAS", "FINGERPRINT", "TYPE", "DESCRIPTION"));
            for (JsonNode alias : client().sync("GET", "/1.0/images/aliases?recursion=1", null)) {
                String target = alias.path("target").asText();
                table.row(List.of(alias.path("name").asText(), target.substring(0, Math.min(12, target.length())),
                        alias.path("type").asText("container").toUpperCase(java.util.Locale.ROOT),
                        alias.path("description").asText("")));
            }
            out().print(table.render());
            return 0;
        }
    }
}
