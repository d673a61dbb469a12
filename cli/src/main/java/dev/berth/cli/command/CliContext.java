package dev.berth.cli.command;

import java.nio.file.Path;

import dev.berth.cli.http.LxdClient;

/** What subcommands need from the top-level command: an API client and the Berth checkout. */
public interface CliContext {
    LxdClient client();

    /** {@code $BERTH_HOME}: the repository root holding {@code infra/}. */
    Path home();
}
