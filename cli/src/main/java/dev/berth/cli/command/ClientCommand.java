package dev.berth.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.berth.cli.http.LxdClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of the subcommands: access to the client and to picocli's (test-replaceable) output streams. */
abstract class ClientCommand implements Callable<Integer> {
    @ParentCommand
    CliContext context;

    @Spec
    CommandSpec spec;

    LxdClient client() {
        return context.client();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
