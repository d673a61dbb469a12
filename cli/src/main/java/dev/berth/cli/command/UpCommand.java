package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth up}: start infrastructure and services ({@code infra/stack-up.sh}). */
@Command(name = "up", description = "Start the Berth stack (Kafka, PostgreSQL and the services).")
public final class UpCommand extends StackCommand {
    @Override
    String script() {
        return "stack-up.sh";
    }
}
