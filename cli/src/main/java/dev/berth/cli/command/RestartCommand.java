package dev.berth.cli.command;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth restart NAME... [--force] [--timeout N]}. */
@Command(name = "restart", description = "Restart instances.")
public final class RestartCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = {"-f", "--force"}, description = "Kill the instance instead of shutting it down cleanly.")
    boolean force;

    @Option(names = "--timeout", defaultValue = "-1", paramLabel = "N", description = "Seconds to wait for a clean shutdown (-1: server default).")
    int timeout;

    @Override
    public Integer call() {
        for (String name : names) {
            Waiter.await(client(), client().changeState(name, "restart", force, timeout), err(),
                    "Restarting " + name);
        }
        return 0;
    }
}
