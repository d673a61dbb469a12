package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth image ...}: the image store, as {@code incus image} manages it. */
@Command(name = "image", description = "Manage images.", subcommands = {ImageImportCommand.class,
        ImageListCommand.class, ImageInfoCommand.class, ImageExportCommand.class, ImageDeleteCommand.class,
        ImageBuildCommand.class, ImageAliasCommand.class})
public final class ImageCommand extends CommandGroup {
}
