package dev.berth.cli.command;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import dev.berth.cli.http.LxdClient;

/** A command that only groups subcommands ({@code berth image ...}): it hands its parent's context down. */
abstract class CommandGroup implements Runnable, CliContext {
    @ParentCommand
    CliContext parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Override
    public LxdClient client() {
        return parent.client();
    }

    @Override
    public Path home() {
        return parent.home();
    }
}
