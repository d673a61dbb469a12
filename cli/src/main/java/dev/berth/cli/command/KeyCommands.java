package dev.berth.cli.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code get}, {@code set} and {@code unset} of config keys, shared by {@code berth config} (an instance) and
 * {@code berth profile} (a profile): read with the ETag, change the {@code config} map, {@code PUT} it all back.
 */
final class KeyCommands {
    private KeyCommands() {
    }

    /** A subcommand of a group that says whether it edits instances or profiles. */
    abstract static class OnEditable extends ClientCommand {
        Editable read(String name) {
            return Editable.read(client(), ((EditableKind) context).kind(), name);
        }
    }

    /** {@code get NAME KEY}: the key's value, or an empty line when it is not set. */
    @Command(name = "get", description = "Print the value of a config key.")
    static final class Get extends OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Option(names = {"-e",
                "--expanded"}, description = "Read the expanded config (with the profiles' keys) of an instance.")
        boolean expanded;

        @Override
        public Integer call() {
            Editable target = read(name);
            JsonNode config = expanded ? target.field("expanded_config") : target.config();
            out().println(config.path(key).asText(""));
            return 0;
        }
    }

    /** {@code set NAME KEY=VALUE...} or {@code set NAME KEY VALUE}. */
    @Command(name = "set", description = "Set config keys (KEY=VALUE..., or KEY VALUE).")
    static final class Set extends OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "1..*", paramLabel = "KEY=VALUE")
        List<String> pairs;

        @Override
        public Integer call() {
            Map<String, String> values = KeyValues.parse(pairs);
            Editable target = read(name);
            values.forEach(target.config()::put);
            target.write(client(), err());
            return 0;
        }
    }

    /** {@code unset NAME KEY}: refuses a key that is not set, as {@code lxc config unset} does. */
    @Command(name = "unset", description = "Remove a config key.")
    static final class Unset extends OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            Editable target = read(name);
            if (!target.config().has(key)) {
                throw new LxdException(400, "Can't unset key '" + key + "', it's not currently set");
            }
            target.config().remove(key);
            target.write(client(), err());
            return 0;
        }
    }
}
