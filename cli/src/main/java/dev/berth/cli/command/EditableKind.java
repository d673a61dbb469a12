package dev.berth.cli.command;

/** A command group whose subcommands edit an instance ({@code berth config}) or a profile ({@code berth profile}). */
interface EditableKind extends CliContext {
    Editable.Kind kind();
}
