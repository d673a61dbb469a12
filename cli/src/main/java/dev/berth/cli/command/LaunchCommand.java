package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.berth.cli.http.LxdException;
import dev.berth.contracts.InstanceNames;
import dev.berth.contracts.lxd.InstancesPost;
import dev.berth.contracts.lxd.InstancesPost.InstanceSource;
import dev.berth.contracts.lxd.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth launch IMAGE NAME [-c key=value]...}: create and start an instance. */
@Command(name = "launch", description = "Create and start an instance from an image alias or fingerprint.")
public final class LaunchCommand extends ClientCommand {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{12,64}");

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image alias, or a fingerprint (prefix of 12+ hex digits).")
    String image;

    @Parameters(index = "1", paramLabel = "NAME", description = "Instance name.")
    String name;

    @Option(names = {"-c",
            "--config"}, paramLabel = "KEY=VALUE", description = "Config key/value to apply (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = {"-e", "--ephemeral"}, description = "Delete the instance when it stops.")
    boolean ephemeral;

    @Override
    public Integer call() {
        InstanceNames.problem(name).ifPresent(problem -> {
            throw new LxdException(400, problem);
        });
        Operation op = client().createInstance(request());
        Waiter.await(client(), op, err(), "Launching " + name);
        return 0;
    }

    /** The {@code POST /1.0/instances} body. */
    InstancesPost request() {
        boolean byFingerprint = FINGERPRINT.matcher(image).matches();
        InstanceSource source = new InstanceSource("image", byFingerprint ? null : image,
                byFingerprint ? image.toLowerCase(java.util.Locale.ROOT) : null, null, null, null);
        return new InstancesPost(name, "container", true, new LinkedHashMap<>(config), null, null,
                ephemeral ? true : null,
                null, null, null, source);
    }
}
