package dev.berth.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.output.OutputFormat;
import dev.berth.cli.output.SnapshotTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code berth snapshot NAME [SNAP]} creates a snapshot as {@code lxc snapshot} does; {@code list}, {@code delete}
 * and {@code restore} manage them as {@code incus snapshot} does.
 */
@Command(name = "snapshot", description = "Create an instance snapshot (default name snapN), or manage snapshots.", subcommands = {
        SnapshotCommand.Create.class, SnapshotCommand.ListSnapshots.class, SnapshotCommand.Delete.class,
        RestoreCommand.class})
public final class SnapshotCommand extends ClientCommand implements CliContext {
    private static final Pattern DEFAULT_NAME = Pattern.compile("snap(\\d+)");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Instance, or INSTANCE/SNAPSHOT.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT", description = "Default: snapN, N one above the highest in use.")
    String snapshot;

    @Option(names = "--stateful", description = "Also save the running state (if the server supports it).")
    boolean stateful;

    @Override
    public Integer call() {
        if (name == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'NAME'");
        }
        create(this, name, snapshot, stateful);
        return 0;
    }

    @Override
    public LxdClient client() {
        return context.client();
    }

    @Override
    public Path home() {
        return context.home();
    }

    static String path(String instance) {
        return "/1.0/instances/" + LxdClient.segment(instance) + "/snapshots";
    }

    /** {@code POST /1.0/instances/NAME/snapshots {"name", "stateful"}}, naming it when the user did not. */
    static void create(ClientCommand command, String instance, String snap, boolean stateful) {
        if (snap == null && instance.contains("/")) {
            snap = instance.substring(instance.indexOf('/') + 1);
            instance = instance.substring(0, instance.indexOf('/'));
        }
        LxdClient client = command.client();
        String name = snap != null ? snap : nextName(names(client.sync("GET", path(instance), null)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("stateful", stateful);
        Waiter.await(client, client.async("POST", path(instance), body), command.err(), "Snapshotting " + instance);
    }

    /** The snapshot names from {@code GET .../snapshots}: URLs ({@code recursion=0}) or objects. */
    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : list) {
            String s = entry.isObject() ? entry.path("name").asText() : entry.asText();
            int q = s.indexOf('?');
            s = q >= 0 ? s.substring(0, q) : s;
            names.add(java.net.URLDecoder.decode(s.substring(s.lastIndexOf('/') + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return names;
    }

    /** LXD's default pattern {@code snap%d}: one more than the highest index in use, so snap0 first. */
    static String nextName(List<String> existing) {
        int next = 0;
        for (String name : existing) {
            Matcher m = DEFAULT_NAME.matcher(name);
            if (m.matches() && m.group(1).length() < 10) {
                next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return "snap" + next;
    }

    /** {@code snapshot create NAME [SNAP]}, the {@code incus snapshot create} spelling. */
    @Command(name = "create", description = "Create a snapshot (default name snapN).")
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT")
        String snapshot;

        @Option(names = "--stateful", description = "Also save the running state (if the server supports it).")
        boolean stateful;

        @Override
        public Integer call() {
            create(this, name, snapshot, stateful);
            return 0;
        }
    }

    /** {@code snapshot list NAME}: {@code GET /1.0/instances/NAME/snapshots?recursion=1}. */
    @Command(name = "list", aliases = "ls", description = "List an instance's snapshots.")
    static final class ListSnapshots extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"-f",
                "--format"}, defaultValue = "table", paramLabel = "table|json|yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        @Override
        public Integer call() {
            JsonNode snapshots = client().sync("GET", path(name) + "?recursion=1", null);
            out().print(format == OutputFormat.TABLE ? SnapshotTable.render(snapshots) : format.render(snapshots));
            return 0;
        }
    }

    /** {@code snapshot delete NAME SNAP} (or {@code NAME/SNAP}). */
    @Command(name = "delete", aliases = "rm", description = "Delete a snapshot.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Instance, or INSTANCE/SNAPSHOT.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT")
        String snapshot;

        @Override
        public Integer call() {
            if (snapshot != null) {
                deleteSnapshot(this, name, snapshot);
            } else if (name.contains("/")) {
                deleteSnapshot(this, name.substring(0, name.indexOf('/')), name.substring(name.indexOf('/') + 1));
            } else {
                throw new ParameterException(spec.commandLine(), "Missing required parameter: 'SNAPSHOT'");
            }
            return 0;
        }
    }

    /** {@code DELETE /1.0/instances/NAME/snapshots/SNAP}, waited for. */
    static void deleteSnapshot(ClientCommand command, String instance, String snap) {
        LxdClient client = command.client();
        Waiter.await(client, client.async("DELETE", path(instance) + "/" + LxdClient.segment(snap), null),
                command.err(), "Deleting " + instance + "/" + snap);
    }
}
