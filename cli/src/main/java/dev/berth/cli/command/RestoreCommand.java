package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.berth.cli.http.LxdClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth restore NAME SNAP}: {@code PUT /1.0/instances/NAME {"restore": SNAP, "stateful": false}}. Like
 * {@code lxc restore} it sends no other field and no {@code If-Match}: a restore replaces the whole instance anyway.
 */
@Command(name = "restore", description = "Restore an instance from one of its snapshots.")
public final class RestoreCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "Snapshot name (NAME/SNAPSHOT also accepted).")
    String snapshot;

    @Option(names = "--stateful", description = "Also restore the running state, if the snapshot has it.")
    boolean stateful;

    @Override
    public Integer call() {
        Waiter.await(client(), client().async("PUT", "/1.0/instances/" + LxdClient.segment(name), request()), err(),
                "Restoring " + name);
        return 0;
    }

    /** The body; a {@code NAME/SNAP} argument is cut to the snapshot's own name. */
    Map<String, Object> request() {
        String prefix = name + "/";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("restore", snapshot.startsWith(prefix) ? snapshot.substring(prefix.length()) : snapshot);
        body.put("stateful", stateful);
        return body;
    }
}
