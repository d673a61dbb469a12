package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.OutputFormat;
import dev.berth.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth profile ...}: {@code /1.0/profiles} as {@code lxc profile} drives it. LXD answers every profile
 * request synchronously; the commands still wait if a server answers with an operation.
 */
@Command(name = "profile", description = "Manage profiles.", subcommands = {ProfileCommand.ListProfiles.class,
        ProfileCommand.Show.class, ProfileCommand.Create.class, ProfileCommand.Delete.class,
        ProfileCommand.Copy.class, ProfileCommand.Rename.class, KeyCommands.Get.class, KeyCommands.Set.class,
        KeyCommands.Unset.class, DeviceCommand.class, ProfileAssignCommands.Assign.class,
        ProfileAssignCommands.Add.class, ProfileAssignCommands.Remove.class})
public final class ProfileCommand extends CommandGroup implements EditableKind {
    static final String PROFILES = "/1.0/profiles";

    @Override
    public Editable.Kind kind() {
        return Editable.Kind.PROFILE;
    }

    static String path(String name) {
        return PROFILES + "/" + LxdClient.segment(name);
    }

    /** {@code profile list}: NAME, DESCRIPTION and how many instances use each. */
    @Command(name = "list", aliases = "ls", description = "List profiles.")
    static final class ListProfiles extends ClientCommand {
        @Option(names = {"-f",
                "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        @Override
        public Integer call() {
            JsonNode profiles = client().sync("GET", PROFILES + "?recursion=1", null);
            if (format != OutputFormat.TABLE) {
                out().print(format.render(profiles));
                return 0;
            }
            List<JsonNode> sorted = new ArrayList<>();
            profiles.forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.path("name").asText()));
            Table table = new Table(List.of("NAME", "DESCRIPTION", "USED BY"));
            for (JsonNode p : sorted) {
                table.row(List.of(p.path("name").asText(), p.path("description").asText(""),
                        Integer.toString(p.path("used_by").size())));
            }
            out().print(table.render());
            return 0;
        }
    }

    /** {@code profile show NAME}: the profile as the server returns it, in YAML. */
    @Command(name = "show", description = "Show a profile as YAML.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "PROFILE")
        String name;

        @Override
        public Integer call() {
            out().print(OutputFormat.YAML.render(client().sync("GET", path(name), null)));
            return 0;
        }
    }

    /** {@code profile create NAME}: an empty profile. */
    @Command(name = "create", description = "Create an empty profile.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "PROFILE")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "The profile's description.")
        String description = "";

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("description", description);
            body.put("config", Map.of());
            body.put("devices", Map.of());
            Waiter.await(client(), client().async("POST", PROFILES, body), err(), "Creating " + name);
            out().println("Profile " + name + " created");
            return 0;
        }
    }

    /** {@code profile delete NAME}; the server refuses a profile that is in use or {@code default}. */
    @Command(name = "delete", aliases = "rm", description = "Delete a profile.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "PROFILE")
        String name;

        @Override
        public Integer call() {
            Waiter.await(client(), client().async("DELETE", path(name), null), err(), "Deleting " + name);
            out().println("Profile " + name + " deleted");
            return 0;
        }
    }

    /** {@code profile copy SOURCE TARGET}: a new profile with the source's config, devices and description. */
    @Command(name = "copy", aliases = "cp", description = "Copy a profile.")
    static final class Copy extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Override
        public Integer call() {
            JsonNode from = client().sync("GET", path(source), null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", target);
            body.put("description", from.path("description").asText(""));
            body.put("config", from.path("config").isObject() ? from.get("config") : Map.of());
            body.put("devices", from.path("devices").isObject() ? from.get("devices") : Map.of());
            Waiter.await(client(), client().async("POST", PROFILES, body), err(), "Copying " + source);
            return 0;
        }
    }

    /** {@code profile rename OLD NEW}: {@code POST /1.0/profiles/OLD {"name": NEW}}. */
    @Command(name = "rename", aliases = "mv", description = "Rename a profile.")
    static final class Rename extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PROFILE")
        String name;

        @Parameters(index = "1", paramLabel = "NEW")
        String newName;

        @Override
        public Integer call() {
            Waiter.await(client(), client().async("POST", path(name), Map.of("name", newName)), err(),
                    "Renaming " + name);
            out().println("Profile " + name + " renamed to " + newName);
            return 0;
        }
    }
}
