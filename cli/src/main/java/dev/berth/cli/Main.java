package dev.berth.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Supplier;

import dev.berth.cli.command.CliContext;
import dev.berth.cli.command.ConfigCommand;
import dev.berth.cli.command.CopyCommand;
import dev.berth.cli.command.DeleteCommand;
import dev.berth.cli.command.DownCommand;
import dev.berth.cli.command.ImageCommand;
import dev.berth.cli.command.InfoCommand;
import dev.berth.cli.command.LaunchCommand;
import dev.berth.cli.command.ListCommand;
import dev.berth.cli.command.ProfileCommand;
import dev.berth.cli.command.PublishCommand;
import dev.berth.cli.command.RemoteCommand;
import dev.berth.cli.command.RenameCommand;
import dev.berth.cli.command.RestartCommand;
import dev.berth.cli.command.RestoreCommand;
import dev.berth.cli.command.SnapshotCommand;
import dev.berth.cli.command.StartCommand;
import dev.berth.cli.command.StopCommand;
import dev.berth.cli.command.StorageCommand;
import dev.berth.cli.command.UpCommand;
import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.cli.http.UnixHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code berth} command line: LXD-style instance commands over the gateway's Unix socket. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Berth: a container hypervisor with the LXD REST API. Talks to $BERTH_SOCKET "
        + "(default /var/lib/berth/unix.socket).", subcommands = {LaunchCommand.class, ListCommand.class,
                InfoCommand.class, StartCommand.class,
                StopCommand.class, RestartCommand.class, DeleteCommand.class, ConfigCommand.class,
                ProfileCommand.class, SnapshotCommand.class, RestoreCommand.class, CopyCommand.class,
                RenameCommand.class,
                StorageCommand.class, ImageCommand.class,
                PublishCommand.class, RemoteCommand.class, UpCommand.class, DownCommand.class,
                HelpCommand.class})
public final class Main implements Runnable, CliContext {
    private final Supplier<LxdClient> clients;
    private LxdClient client;

    @Spec
    CommandSpec spec;

    public Main() {
        this(LxdClient::fromEnv);
    }

    public Main(Supplier<LxdClient> clients) {
        this.clients = clients;
    }

    public static void main(String[] args) {
        System.exit(run(new Main(), args));
    }

    /** Runs the command line and returns its exit code (1 for API errors, 2 for usage errors). */
    public static int run(Main main, String... args) {
        CommandLine cli = commandLine(main);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
            if (main.client != null) {
                main.client.close();
            }
        }
    }

    public static CommandLine commandLine(Main main) {
        return new CommandLine(main)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    PrintWriter err = cmd.getErr();
                    err.println("Error: " + describe(ex));
                    if (System.getenv("BERTH_DEBUG") != null) {
                        ex.printStackTrace(err);
                    }
                    err.flush();
                    return 1;
                });
    }

    static String describe(Exception ex) {
        if (ex instanceof LxdException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException io && io.getCause() instanceof ConnectException) {
            return io.getCause().getMessage() + " (is Berth running? start it with: berth up)";
        }
        if (ex instanceof UncheckedIOException io) {
            return io.getCause().getMessage() == null ? io.getCause().toString() : io.getCause().getMessage();
        }
        return ex.toString();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Override
    public synchronized LxdClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    @Override
    public Path home() {
        String env = System.getenv("BERTH_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try { // cli/target/berth-cli.jar -> repository root
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            throw new LxdException(0, "BERTH_HOME is not set");
        }
    }

    /** Prints the version from the jar manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"berth " + (v == null ? "0.1.0-SNAPSHOT" : v),
                    "socket " + UnixHttpClient.socketFromEnv()};
        }
    }
}
