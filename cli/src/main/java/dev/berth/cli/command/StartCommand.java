package dev.berth.cli.command;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth start NAME...}. */
@Command(name = "start", description = "Start instances.")
public final class StartCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    public Integer call() {
        for (String name : names) {
            Waiter.await(client(), client().changeState(name, "start", false, -1), err(), "Starting " + name);
        }
        return 0;
    }
}
