package dev.berth.cli.command;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.cli.http.LxdException;
import dev.berth.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth config device} and {@code berth profile device}: the {@code devices} map of an instance or a profile,
 * changed with the same read, modify, {@code PUT} with {@code If-Match} cycle as config keys.
 */
@Command(name = "device", description = "Manage devices.", subcommands = {DeviceCommand.Add.class,
        DeviceCommand.Remove.class, DeviceCommand.Show.class})
public final class DeviceCommand extends CommandGroup implements EditableKind {
    @Override
    public Editable.Kind kind() {
        return ((EditableKind) parent).kind();
    }

    /** {@code device add NAME DEVICE TYPE [KEY=VALUE...]}. */
    @Command(name = "add", description = "Add a device.")
    static final class Add extends KeyCommands.OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "DEVICE")
        String device;

        @Parameters(index = "2", paramLabel = "TYPE", description = "disk, nic, proxy, unix-char, ...")
        String type;

        @Parameters(index = "3..*", paramLabel = "KEY=VALUE")
        List<String> properties = List.of();

        @Override
        public Integer call() {
            Editable target = read(name);
            if (target.devices().has(device)) {
                throw new LxdException(400, "The device already exists");
            }
            ObjectNode entry = target.devices().putObject(device);
            entry.put("type", type);
            for (String property : properties) {
                int eq = property.indexOf('=');
                if (eq <= 0) {
                    throw new LxdException(400, "No value found in \"" + property + "\"");
                }
                entry.put(property.substring(0, eq), property.substring(eq + 1));
            }
            target.write(client(), err());
            out().println("Device " + device + " added to " + name);
            return 0;
        }
    }

    /** {@code device remove NAME DEVICE...}: only the object's own devices, not those its profiles give it. */
    @Command(name = "remove", aliases = "rm", description = "Remove devices.")
    static final class Remove extends KeyCommands.OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "DEVICE")
        List<String> devices;

        @Override
        public Integer call() {
            Editable target = read(name);
            for (String device : devices) {
                if (!target.devices().has(device)) {
                    throw new LxdException(400, target.field("expanded_devices").has(device)
                            ? "Device from profile(s) cannot be removed from individual instance. Override device"
                                    + " or modify profile instead"
                            : "Device doesn't exist");
                }
                target.devices().remove(device);
            }
            target.write(client(), err());
            out().println("Device " + String.join(", ", devices) + " removed from " + name);
            return 0;
        }
    }

    /** {@code device show NAME}: the object's own devices as YAML. */
    @Command(name = "show", description = "Show the devices as YAML.")
    static final class Show extends KeyCommands.OnEditable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            out().print(OutputFormat.YAML.render(read(name).sorted().path("devices")));
            return 0;
        }
    }
}
