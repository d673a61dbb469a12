package dev.berth.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.berth.cli.http.LxdException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** Runs one of the stack scripts under {@code $BERTH_HOME/infra}, inheriting stdio and its exit code. */
abstract class StackCommand implements Callable<Integer> {
    @ParentCommand
    CliContext context;

    @Unmatched
    List<String> args = new ArrayList<>();

    abstract String script();

    @Override
    public Integer call() throws Exception {
        Path script = context.home().resolve("infra").resolve(script());
        if (!Files.isRegularFile(script)) {
            throw new LxdException(0, script + " not found (is BERTH_HOME=" + context.home() + " a Berth checkout?)");
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(context.home().toFile()).inheritIO();
        pb.environment().put("BERTH_HOME", context.home().toString());
        return pb.start().waitFor();
    }
}
