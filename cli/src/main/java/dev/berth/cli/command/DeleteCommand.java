package dev.berth.cli.command;

import java.util.List;

import dev.berth.cli.http.LxdException;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.StatusCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth delete NAME... [--force]}: like {@code incus delete -f}, force stops a running instance first;
 * {@code NAME/SNAP} deletes a snapshot.
 */
@Command(name = "delete", aliases = "rm", description = "Delete instances.")
public final class DeleteCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = {"-f", "--force"}, description = "Force stop a running instance before deleting it.")
    boolean force;

    @Override
    public Integer call() {
        for (String name : names) {
            delete(name);
        }
        return 0;
    }

    private void delete(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) { // lxc delete NAME/SNAP deletes a snapshot
            SnapshotCommand.deleteSnapshot(this, name.substring(0, slash), name.substring(slash + 1));
            return;
        }
        Instance instance = client().getInstance(name);
        int code = instance.statusCode();
        if (code != 0 && code != StatusCode.STOPPED.code()) {
            if (!force) {
                throw new LxdException(400, "The instance is currently running, stop it first or pass --force");
            }
            Waiter.await(client(), client().changeState(name, "stop", true, -1), err(), "Stopping " + name);
            if (instance.ephemeral()) {
                return; // an ephemeral instance deletes itself when it stops
            }
        }
        Waiter.await(client(), client().deleteInstance(name), err(), "Deleting " + name);
    }
}
