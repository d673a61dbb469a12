package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.berth.cli.http.LxdException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth profile assign|add|remove INSTANCE ...}: an instance's profile list, changed like its config (read with
 * the ETag, {@code PUT /1.0/instances/NAME} with {@code If-Match}, wait for the operation).
 */
final class ProfileAssignCommands {
    private ProfileAssignCommands() {
    }

    private static void replace(ArrayNode profiles, List<String> names) {
        profiles.removeAll();
        names.forEach(profiles::add);
    }

    private static List<String> names(ArrayNode profiles) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : profiles) {
            names.add(p.asText());
        }
        return names;
    }

    /** {@code profile assign INSTANCE p1,p2}: exactly these profiles, in this order; {@code ''} for none. */
    @Command(name = "assign", aliases = "apply", description = "Set an instance's profiles (comma-separated, '' for none).")
    static final class Assign extends ClientCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        @Parameters(index = "1", paramLabel = "PROFILES")
        String profiles;

        @Override
        public Integer call() {
            Editable target = Editable.read(client(), Editable.Kind.INSTANCE, instance);
            replace(target.profiles(), profiles.isEmpty() ? List.of() : Arrays.asList(profiles.split(",")));
            target.write(client(), err());
            out().println("Profiles " + (profiles.isEmpty() ? "(none)" : profiles) + " applied to " + instance);
            return 0;
        }
    }

    /** {@code profile add INSTANCE PROFILE}: appended, so it overrides the profiles before it. */
    @Command(name = "add", description = "Add a profile to an instance.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        @Parameters(index = "1", paramLabel = "PROFILE")
        String profile;

        @Override
        public Integer call() {
            Editable target = Editable.read(client(), Editable.Kind.INSTANCE, instance);
            target.profiles().add(profile);
            target.write(client(), err());
            out().println("Profile " + profile + " added to " + instance);
            return 0;
        }
    }

    /** {@code profile remove INSTANCE PROFILE}. */
    @Command(name = "remove", description = "Remove a profile from an instance.")
    static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        @Parameters(index = "1", paramLabel = "PROFILE")
        String profile;

        @Override
        public Integer call() {
            Editable target = Editable.read(client(), Editable.Kind.INSTANCE, instance);
            List<String> names = names(target.profiles());
            if (!names.removeIf(profile::equals)) {
                throw new LxdException(400, "Profile " + profile + " isn't currently applied to " + instance);
            }
            replace(target.profiles(), names);
            target.write(client(), err());
            out().println("Profile " + profile + " removed from " + instance);
            return 0;
        }
    }
}
