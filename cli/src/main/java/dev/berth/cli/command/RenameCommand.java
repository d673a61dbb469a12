package dev.berth.cli.command;

import java.util.Map;

import dev.berth.cli.http.LxdClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth rename OLD NEW} (or {@code move}, as {@code lxc move} renames on one server):
 * {@code POST /1.0/instances/OLD {"name": NEW}}; {@code INSTANCE/SNAP INSTANCE/NEWSNAP} renames a snapshot.
 */
@Command(name = "rename", aliases = "move", description = "Rename a stopped instance, or a snapshot (NAME/SNAP).")
public final class RenameCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "OLD")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    @Override
    public Integer call() {
        String[] source = from.split("/", 2);
        String[] target = to.split("/", 2);
        if (source.length != target.length || source.length == 2 && !source[0].equals(target[0])) {
            err().println("Error: rename an instance to an instance name, or a snapshot to a snapshot of the same"
                    + " instance (NAME/SNAP NAME/NEW)");
            return 1;
        }
        String path = "/1.0/instances/" + LxdClient.segment(source[0])
                + (source.length == 2 ? "/snapshots/" + LxdClient.segment(source[1]) : "");
        String name = target[target.length - 1];
        Waiter.await(client(), client().async("POST", path, Map.of("name", name)), err(),
                "Renaming " + from + " to " + to);
        return 0;
    }
}
