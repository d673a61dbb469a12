package dev.berth.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.berth.cli.config.Remotes;
import dev.berth.cli.http.LxdException;
import dev.berth.cli.output.Table;

/** {@code berth remote add|list|remove}: image servers that {@code berth launch REMOTE:IMAGE} can pull from. */
@Command(name = "remote", description = "Manage image remotes.", subcommands = {RemoteCommand.Add.class,
        RemoteCommand.ListRemotes.class, RemoteCommand.Remove.class})
public final class RemoteCommand implements Runnable {
    private static final Set<String> PROTOCOLS = Set.of("simplestreams");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** {@code remote add NAME URL [--protocol simplestreams]}. */
    @Command(name = "add", description = "Add an image remote.")
    public static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "URL")
        String url;

        @Option(names = "--protocol", defaultValue = "simplestreams", description = "Protocol (default: ${DEFAULT-VALUE}).")
        String protocol;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new LxdException(400, "Invalid remote name \"" + name + "\"");
            }
            if (!PROTOCOLS.contains(protocol)) {
                throw new LxdException(400, "Invalid protocol \"" + protocol + "\": only simplestreams is supported");
            }
            if (!url.matches("https?://\\S+")) {
                throw new LxdException(400, "Invalid URL \"" + url + "\": expected http:// or https://");
            }
            Remotes remotes = Remotes.fromEnv();
            Remotes.Config config = remotes.load();
            if (config.remotes().containsKey(name)) {
                throw new LxdException(409, "Remote " + name + " already exists");
            }
            config.remotes().put(name, new Remotes.Remote(url.replaceAll("/+$", ""), protocol));
            remotes.save(config);
            return 0;
        }
    }

    /** {@code remote list}. */
    @Command(name = "list", aliases = "ls", description = "List image remotes.")
    public static final class ListRemotes implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Table table = new Table(List.of("NAME", "URL", "PROTOCOL"));
            table.row(List.of("local (default)", "unix://", "berth"));
            for (Map.Entry<String, Remotes.Remote> r : Remotes.fromEnv().load().remotes().entrySet()) {
                table.row(List.of(r.getKey(), r.getValue().addr(), r.getValue().protocol()));
            }
            spec.commandLine().getOut().print(table.render());
            return 0;
        }
    }

    /** {@code remote remove NAME}. */
    @Command(name = "remove", aliases = "rm", description = "Remove an image remote.")
    public static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Remotes remotes = Remotes.fromEnv();
            Remotes.Config config = remotes.load();
            if (config.remotes().remove(name) == null) {
                throw new LxdException(404, "Remote " + name + " doesn't exist");
            }
            remotes.save(config);
            return 0;
        }
    }
}
