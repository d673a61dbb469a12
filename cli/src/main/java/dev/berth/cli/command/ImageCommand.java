package dev.berth.cli.command;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import dev.berth.cli.http.LxdClient;

/** {@code berth image ...}: the image store, as {@code incus image} manages it. */
@Command(name = "image", description = "Manage images.", subcommands = {ImageImportCommand.class,
        ImageListCommand.class, ImageInfoCommand.class, ImageExportCommand.class, ImageDeleteCommand.class,
        ImageBuildCommand.class,
        ImageAliasCommand.class})
public final class ImageCommand implements Runnable, CliContext {
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
