package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/** {@code berth launch IMAGE NAME [-c key=value]... [-p profile]... [-s pool]}: create and start an instance. */
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

    @Option(names = {"-p",
            "--profile"}, paramLabel = "PROFILE", description = "Profile to apply (repeatable; then only these apply).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--no-profiles", description = "Create the instance with no profiles (not even default).")
    boolean noProfiles;

    @Option(names = {"-s",
            "--storage"}, paramLabel = "POOL", description = "Storage pool of the instance's root disk.")
    String storage;

    @Option(names = {"-d",
            "--device"}, paramLabel = "DEVICE,KEY=VALUE[,KEY=VALUE...]", description = "Override keys of a profile's device, or add a device (give its type) (repeatable).")
    List<String> deviceOverrides = new ArrayList<>();

    @Override
    public Integer call() {
        InstanceNames.problem(name).ifPresent(problem -> {
            throw new LxdException(400, problem);
        });
        if (storage != null) {
            try { // lxc checks the pool first, so a typo fails before anything is created
                client().sync("GET", StorageCommand.path(storage), null);
            } catch (LxdException e) {
                throw new LxdException(e.errorCode(),
                        "Failed loading storage pool \"" + storage + "\": " + e.getMessage());
            }
        }
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
        return new InstancesPost(name, "container", true, new LinkedHashMap<>(config), devices(), profiles(),
                ephemeral ? true : null,
                null, null, null, source);
    }

    /**
     * {@code -s POOL} adds a root disk on that pool, which overrides the profiles' root disk; {@code -d} copies the
     * profiles' device of that name (the last profile that has it) as a local device with the given keys changed,
     * as lxc does, or adds a device of its own when no profile has one.
     */
    private Map<String, Map<String, String>> devices() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (storage != null) {
            Map<String, String> root = new LinkedHashMap<>();
            root.put("type", "disk");
            root.put("path", "/");
            root.put("pool", storage);
            out.put("root", root);
        }
        for (String override : deviceOverrides) {
            String[] parts = override.split(",");
            String device = parts[0];
            if (device.isEmpty() || parts.length < 2) {
                throw new LxdException(400, "Bad device override \"" + override + "\": use DEVICE,KEY=VALUE");
            }
            Map<String, String> d = out.computeIfAbsent(device, this::fromProfiles);
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new LxdException(400, "Bad device override \"" + override + "\": \"" + parts[i]
                            + "\" is not KEY=VALUE");
                }
                d.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private Map<String, String> fromProfiles(String device) {
        List<String> applied = profiles() == null ? List.of("default") : profiles();
        Map<String, String> found = new LinkedHashMap<>();
        for (String profile : applied) {
            var d = client().sync("GET", "/1.0/profiles/" + profile, null).path("devices").path(device);
            if (d.isObject()) {
                found = new LinkedHashMap<>();
                for (var it = d.fields(); it.hasNext();) {
                    var field = it.next();
                    found.put(field.getKey(), field.getValue().asText());
                }
            }
        }
        return found;
    }

    /** LXD: any {@code -p} means exactly those; {@code --no-profiles} an empty list; neither, null (the default). */
    private List<String> profiles() {
        if (!profiles.isEmpty()) {
            return List.copyOf(profiles);
        }
        return noProfiles ? List.of() : null;
    }
}
