package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.berth.cli.config.Remotes;
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
        String ref = image;
        String server = null;
        String protocol = null;
        int colon = image.indexOf(':');
        if (colon > 0) {
            String remote = image.substring(0, colon);
            Remotes.Remote r = Remotes.fromEnv().find(remote).orElseThrow(() -> new LxdException(404,
                    "Remote " + remote + " doesn't exist (add it with: berth remote add " + remote + " URL)"));
            ref = image.substring(colon + 1);
            server = r.addr();
            protocol = r.protocol();
        }
        boolean byFingerprint = FINGERPRINT.matcher(ref).matches();
        InstanceSource source = new InstanceSource("image", byFingerprint ? null : ref,
                byFingerprint ? ref.toLowerCase(java.util.Locale.ROOT) : null, server, protocol, null);
        return new InstancesPost(name, "container", true, new LinkedHashMap<>(config), null, null,
                ephemeral ? true : null,
                null, null, null, source);
    }
}
