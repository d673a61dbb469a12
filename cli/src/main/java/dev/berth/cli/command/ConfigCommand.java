package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth config ...}: an instance's config keys and devices, edited like {@code lxc config}. */
@Command(name = "config", description = "Manage instance configuration.", subcommands = {ConfigCommand.Show.class,
        KeyCommands.Get.class, KeyCommands.Set.class, KeyCommands.Unset.class, DeviceCommand.class})
public final class ConfigCommand extends CommandGroup implements EditableKind {
    @Override
    public Editable.Kind kind() {
        return Editable.Kind.INSTANCE;
    }

    /** {@code config show NAME}: the writable fields as YAML, the shape {@code PUT /1.0/instances/NAME} takes. */
    @Command(name = "show", description = "Show an instance's writable configuration as YAML.")
    static final class Show extends KeyCommands.OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"-e", "--expanded"}, description = "Show the config and devices its profiles add too.")
        boolean expanded;

        @Override
        public Integer call() {
            Editable instance = read(name);
            if (expanded && instance.field("expanded_config").isObject()) {
                instance.body().set("config", instance.field("expanded_config").deepCopy());
            }
            if (expanded && instance.field("expanded_devices").isObject()) {
                instance.body().set("devices", instance.field("expanded_devices").deepCopy());
            }
            ObjectNode shown = instance.sorted();
            out().print(OutputFormat.YAML.render(shown));
            return 0;
        }
    }
}
