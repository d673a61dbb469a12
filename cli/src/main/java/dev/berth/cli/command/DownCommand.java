package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth down}: stop what {@code berth up} started ({@code infra/stack-down.sh}). */
@Command(name = "down", description = "Stop the Berth stack.")
public final class DownCommand extends StackCommand {
    @Override
    String script() {
        return "stack-down.sh";
    }
}
